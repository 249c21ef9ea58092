using System.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Workspaces;

public sealed record MemberRow(Guid Id, string Email, WorkspaceRole Role, DateTimeOffset JoinedAt);

/// <summary>
/// Members of the current workspace. Every query here is scoped by the tenancy filter. Changing members needs
/// <see cref="Permission.ManageWorkspace"/> (refused with an exception); on top of that only an Owner makes, changes
/// or removes an Owner, and the last Owner stays (refused with a message to show).
/// </summary>
public sealed class WorkspaceMembers(
    IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, ILookupNormalizer normalizer, TimeProvider clock, MemberRoleChanges changes)
{
    public const string LastOwner = "A workspace keeps at least one Owner: make someone else an Owner first.";

    public async Task<IReadOnlyList<MemberRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Memberships
            .OrderBy(m => m.JoinedAt)
            .Select(m => new MemberRow(m.Id, m.User!.Email ?? m.User.UserName ?? "", m.Role, m.JoinedAt))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Adds someone who already has an ml-connector account. Returns an error to show, or null.
    /// (Email invitations for people without an account come with notifications.)
    /// </summary>
    public async Task<string?> AddAsync(string email, WorkspaceRole role, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageWorkspace, "add members");
        if (role == WorkspaceRole.Owner && current.Role != WorkspaceRole.Owner) return "Only an Owner can add another Owner.";

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = normalizer.NormalizeEmail(email.Trim());
        var userId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleOrDefaultAsync(ct);
        if (userId is null) return $"No account uses {email.Trim()}. Ask them to sign up first, then add them here.";
        if (await db.Memberships.AnyAsync(m => m.UserId == userId, ct)) return $"{email.Trim()} is already a member.";

        db.Memberships.Add(new Membership { Id = Guid.CreateVersion7(), UserId = userId, Role = role, JoinedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Gives a member another role; it applies from their next page load (each page reads the membership as it enters
    /// the workspace). Returns an error to show, or null.
    /// </summary>
    public Task<string?> ChangeRoleAsync(Guid memberId, WorkspaceRole role, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageWorkspace, "change members' roles");
        return ChangeAsync(memberId, role, ct);
    }

    /// <summary>Takes a member out of the workspace; their next page load there answers 404. Returns an error to show, or null.</summary>
    public Task<string?> RemoveAsync(Guid memberId, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageWorkspace, "remove members");
        return ChangeAsync(memberId, null, ct);
    }

    /// <param name="role">The new role, or null to remove the member.</param>
    private async Task<string?> ChangeAsync(Guid memberId, WorkspaceRole? role, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Serializable: two Owners demoting each other at once must not leave the workspace with none.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var member = await db.Memberships.SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return "That person is not a member of this workspace.";
        if (member.Role == role) return null;
        var ownerInvolved = member.Role == WorkspaceRole.Owner || role == WorkspaceRole.Owner;
        if (ownerInvolved && current.Role != WorkspaceRole.Owner)
            return role == WorkspaceRole.Owner ? "Only an Owner can make someone an Owner." : "Only an Owner can change or remove an Owner.";
        if (member.Role == WorkspaceRole.Owner && await db.Memberships.CountAsync(m => m.Role == WorkspaceRole.Owner, ct) == 1)
            return LastOwner;

        if (role is { } newRole) member.Role = newRole;
        else db.Memberships.Remove(member);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // After the commit: a page entered from now on reads the new role from the database anyway.
        changes.Changed(current.Id!.Value, member.UserId, role);
        return null;
    }
}
