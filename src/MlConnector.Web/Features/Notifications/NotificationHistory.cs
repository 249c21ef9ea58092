using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Notifications;

public sealed record EpisodeRow(EpisodeKind Kind, string Integration, string Summary, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    DateTimeOffset? SentAt, NotificationChannel? SentVia, int Attempts, string? LastError);

/// <summary>The current workspace's recent alert episodes and what was sent for them (owners and admins).</summary>
public sealed class NotificationHistory(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current)
{
    public async Task<IReadOnlyList<EpisodeRow>> RecentAsync(int count, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageWorkspace, "see the workspace's notifications");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NotificationEpisodes.OrderByDescending(e => e.Id).Take(count)
            .Join(db.Integrations, e => e.IntegrationId, i => i.Id, (e, i) => new EpisodeRow(e.Kind, i.Name, e.Summary, e.StartedAt, e.EndedAt, e.SentAt, e.SentVia, e.Attempts, e.LastError))
            .ToListAsync(ct);
    }
}
