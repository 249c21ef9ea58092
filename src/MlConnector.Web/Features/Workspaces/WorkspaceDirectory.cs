using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Workspaces;

public sealed record WorkspaceSummary(
    Guid Id, string Name, WorkspaceRole Role, IntegrationKind? StartedWith, DateTimeOffset TrialEndsAt);

/// <summary>
/// Creates workspaces and resolves which ones a user may enter. This is the tenancy resolver, so it is
/// the one place that reads memberships across workspaces (IgnoreQueryFilters) — always by user id.
/// </summary>
public sealed class WorkspaceDirectory(
    IDbContextFactory<AppDbContext> dbFactory,
    CurrentWorkspace current,
    TimeProvider clock,
    IOptions<WorkspaceOptions> options)
{
    public async Task<IReadOnlyList<WorkspaceSummary>> ListForUserAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await MembershipsOf(db, userId)
            .OrderBy(m => m.Workspace!.Name)
            .Select(m => new WorkspaceSummary(m.WorkspaceId, m.Workspace!.Name, m.Role, m.Workspace.StartedWith, m.Workspace.TrialEndsAt))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Makes <paramref name="workspaceId"/> the current workspace if the user is a member of it.
    /// Null for an unknown workspace and for one the user does not belong to: callers answer 404 to both.
    /// </summary>
    public async Task<WorkspaceSummary?> EnterAsync(string userId, Guid workspaceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seen = current.ChangesSeen();
        var workspace = await MembershipsOf(db, userId)
            .Where(m => m.WorkspaceId == workspaceId)
            .Select(m => new WorkspaceSummary(m.WorkspaceId, m.Workspace!.Name, m.Role, m.Workspace.StartedWith, m.Workspace.TrialEndsAt))
            .SingleOrDefaultAsync(ct);
        if (workspace is null) return null;

        current.Enter(workspace.Id, workspace.Role, userId, seen);
        await db.Users.Where(u => u.Id == userId && u.LastWorkspaceId != workspaceId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastWorkspaceId, workspaceId), ct);
        return workspace;
    }

    /// <summary>The workspace to open for a signed-in user: the last one used, else any, else none.</summary>
    public async Task<Guid?> HomeWorkspaceAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var last = await db.Users.Where(u => u.Id == userId).Select(u => u.LastWorkspaceId).SingleOrDefaultAsync(ct);
        var memberships = MembershipsOf(db, userId);
        if (last is { } id && await memberships.AnyAsync(m => m.WorkspaceId == id, ct)) return id;
        return await memberships.OrderBy(m => m.JoinedAt).Select(m => (Guid?)m.WorkspaceId).FirstOrDefaultAsync(ct);
    }

    /// <summary>Creates a workspace on a trial with the user as its Owner, and enters it.</summary>
    public async Task<WorkspaceSummary> CreateAsync(
        string userId, string name, IntegrationKind? startedWith, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var workspace = new Workspace
        {
            Id = Guid.CreateVersion7(now),
            Name = name.Trim(),
            CreatedAt = now,
            TrialEndsAt = now.AddDays(options.Value.TrialDays),
            StartedWith = startedWith,
        };
        current.Enter(workspace.Id, WorkspaceRole.Owner);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Workspaces.Add(workspace);
        db.Memberships.Add(new Membership { Id = Guid.CreateVersion7(now), UserId = userId, Role = WorkspaceRole.Owner, JoinedAt = now });
        await db.SaveChangesAsync(ct);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastWorkspaceId, workspace.Id), ct);
        return new WorkspaceSummary(workspace.Id, workspace.Name, WorkspaceRole.Owner, startedWith, workspace.TrialEndsAt);
    }

    private static IQueryable<Membership> MembershipsOf(AppDbContext db, string userId) =>
        db.Memberships.IgnoreQueryFilters().Where(m => m.UserId == userId);
}
