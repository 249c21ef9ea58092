using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Workspaces;

public sealed record MemberRow(Guid Id, string Email, WorkspaceRole Role, DateTimeOffset JoinedAt);

/// <summary>Members of the current workspace. Every query here is scoped by the tenancy filter.</summary>
public sealed class WorkspaceMembers(
    IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, ILookupNormalizer normalizer, TimeProvider clock)
{
    public bool CanManage => current.Role is WorkspaceRole.Owner or WorkspaceRole.Admin;

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
        if (!CanManage) return "Only the workspace's Owner or an Admin can add members.";
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
}
