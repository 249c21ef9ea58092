using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.Notifications;

/// <summary>One integration's alarm signals: whether it paused itself (and why), and its failures in the last hour.</summary>
public sealed record IntegrationSignals(Guid IntegrationId, string Name, string? SelfPausedReason, int FailedLastHour)
{
    public bool SelfPaused => SelfPausedReason is not null;
}

/// <summary>The current workspace's signals and its failure threshold.</summary>
public sealed record AlertReading(int FailureThreshold, IReadOnlyList<IntegrationSignals> Integrations)
{
    /// <summary>What the owner's banner shows: self-paused integrations and those over the threshold.</summary>
    public IEnumerable<IntegrationSignals> Alarming => Integrations.Where(i => i.SelfPaused || i.FailedLastHour > FailureThreshold);
}

/// <summary>Reads what is alarming in the current workspace now; the banner and the notification sweep share it.</summary>
public sealed class WorkspaceAlerts(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(1);

    public async Task<AlertReading> ReadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var threshold = await db.NotificationSettings.Select(s => (int?)s.FailureThreshold).SingleOrDefaultAsync(ct) ?? NotificationSettings.DefaultFailureThreshold;
        var integrations = await db.Integrations.AsNoTracking().OrderBy(i => i.CreatedAt)
            .Select(i => new { i.Id, i.Name, i.Status, i.PausedBy, i.PausedReason }).ToListAsync(ct);
        var since = clock.GetUtcNow() - FailureWindow;
        var signals = new List<IntegrationSignals>();
        foreach (var i in integrations)
        {
            // Per integration, a range over the trail's (integration, time) index; the integration came through the tenancy
            // filter and its trail is its workspace's, so the filter's WorkspaceId test (not in that index) is left out.
            var failed = await db.AuditEvents.IgnoreQueryFilters().Where(a => a.IntegrationId == i.Id && a.At >= since && a.Action == AuditAction.Failed)
                .Select(a => a.RecordId).Distinct().CountAsync(ct);
            var selfPaused = i.Status == IntegrationStatus.Paused && i.PausedBy != PauseOrigin.Person;
            signals.Add(new IntegrationSignals(i.Id, i.Name, selfPaused ? i.PausedReason ?? "No reason was recorded." : null, failed));
        }
        return new AlertReading(threshold, signals);
    }
}
