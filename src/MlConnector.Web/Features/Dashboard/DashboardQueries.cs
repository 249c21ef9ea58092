using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using Quartz;

namespace MlConnector.Web.Features.Dashboard;

/// <summary>
/// The dashboard's figures for one integration of the current workspace. Every figure is a grouped query over an index
/// (records by integration and state; the trail by integration and time), so the page stays cheap at 100,000 records.
/// Days and weeks are UTC (weeks start on Monday), as every time on the portal.
/// </summary>
public sealed class DashboardQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ISchedulerFactory schedulers, IOptions<SyncOptions> sync)
{
    // Declared in SyncModule: the round that polls each integration once its cadence is due.
    private static readonly TriggerKey ScheduleTrigger = new("sync-schedule-interval", "sync");

    public async Task<DashboardFigures?> ReadAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct);
        if (integration is null) return null;
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return new DashboardFigures(integration, now, await StatesAsync(db, integrationId, now, ct),
            new SyncedFigure(await SyncedAsync(db, integrationId, today, now, ct), await SyncedAsync(db, integrationId, today.AddDays(-1), today, ct)),
            new SyncedFigure(await SyncedAsync(db, integrationId, monday, now, ct), await SyncedAsync(db, integrationId, monday.AddDays(-7), monday, ct)),
            await ConnectionsAsync(db, integrationId, ct), await ScheduleAsync(integration, now, ct));
    }

    /// <summary>
    /// Counts by state now, and 24 hours ago: now, less what entered each state since, plus what left it (the trail has
    /// every move, so this is exact without a stored history).
    /// </summary>
    private static async Task<IReadOnlyList<StateFigure>> StatesAsync(AppDbContext db, Guid integrationId, DateTimeOffset now, CancellationToken ct)
    {
        var counts = await db.SyncRecords.Where(r => r.IntegrationId == integrationId).GroupBy(r => r.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.Key, c => c.Count, ct);
        var since = now.AddDays(-1);
        var moves = await db.AuditEvents.Where(a => a.IntegrationId == integrationId && a.At >= since && (a.FromState == null || a.FromState != a.ToState))
            .GroupBy(a => new { a.FromState, a.ToState }).Select(g => new { g.Key.FromState, g.Key.ToState, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<SyncState>().Select(state => new StateFigure(state, counts.GetValueOrDefault(state),
            counts.GetValueOrDefault(state) - moves.Where(m => m.ToState == state).Sum(m => m.Count) + moves.Where(m => m.FromState == state).Sum(m => m.Count))).ToList();
    }

    /// <summary>Distinct records that reached the target in [from, to): posted, linked to a document there, or skipped as a linked duplicate.</summary>
    private static Task<int> SyncedAsync(AppDbContext db, Guid integrationId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.AuditEvents.Where(a => a.IntegrationId == integrationId && a.At >= from && a.At < to
                && (a.Action == AuditAction.Posted || a.Action == AuditAction.Linked
                    || (a.Action == AuditAction.Skipped && db.SyncRecords.Any(r => r.Id == a.RecordId && r.TargetDocumentId != null))))
            .Select(a => a.RecordId).Distinct().CountAsync(ct);

    private static async Task<IReadOnlyList<ConnectionHealth>> ConnectionsAsync(AppDbContext db, Guid integrationId, CancellationToken ct)
    {
        var connections = await db.Connections.AsNoTracking().Where(c => c.IntegrationId == integrationId)
            .Select(c => new { c.System, c.LastPingAt, c.LastPingOk, c.LastPingJson, c.TokenExpiresAt }).ToListAsync(ct);
        return connections.Select(c => new ConnectionHealth(c.System, c.LastPingAt, c.LastPingOk, c.LastPingOk == false ? Problem(c.LastPingJson) : null, c.TokenExpiresAt))
            .OrderBy(c => c.System).ToList();
    }

    /// <summary>The first failed step of a stored ping: its failure's message, else its detail.</summary>
    private static string? Problem(string? pingJson)
    {
        if (pingJson is null) return null;
        using var json = JsonDocument.Parse(pingJson);
        if (!json.RootElement.TryGetProperty("Steps", out var steps)) return null;
        foreach (var step in steps.EnumerateArray())
        {
            if (step.GetProperty("Ok").GetBoolean()) continue;
            var name = step.GetProperty("Name").GetString();
            var message = step.TryGetProperty("Failure", out var failure) && failure.ValueKind == JsonValueKind.Object
                ? failure.GetProperty("Message").GetString() : step.GetProperty("Detail").GetString();
            return $"{name}: {message}";
        }
        return null;
    }

    /// <summary>The next poll: the first round of the sync schedule at or after the cadence falls due.</summary>
    private async Task<PollSchedule> ScheduleAsync(Integration integration, DateTimeOffset now, CancellationToken ct)
    {
        if (integration.Status != IntegrationStatus.Active) return new PollSchedule(integration.LastPolledAt, null, integration.PollEveryMinutes);
        var due = integration.LastPolledAt?.AddMinutes(integration.PollEveryMinutes) ?? now;
        if (due < now) due = now;
        var round = (await (await schedulers.GetScheduler(ct)).GetTrigger(ScheduleTrigger, ct))?.NextFireTimeUtc;
        var every = sync.Value.ScheduleEvery;
        DateTimeOffset next = round is not { } fire ? due
            : fire >= due ? fire
            : fire + every * Math.Ceiling((due - fire) / every);
        return new PollSchedule(integration.LastPolledAt, next, integration.PollEveryMinutes);
    }
}
