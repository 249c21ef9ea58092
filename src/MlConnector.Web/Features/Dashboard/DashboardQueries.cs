using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Integrations.Common;
using Quartz;

namespace MlConnector.Web.Features.Dashboard;

/// <summary>
/// The dashboard's figures for one integration of the current workspace. Every figure is a grouped query over an index
/// (records by integration and state; the trail by integration and time, and its outcome index), so the page stays cheap
/// at 100,000 records. A document counts as synced on each day it reached the target (posted, linked, or skipped as a
/// linked duplicate).
/// Days and weeks are UTC (weeks start on Monday), as every time on the portal.
/// </summary>
public sealed class DashboardQueries(IDbContextFactory<AppDbContext> dbFactory, ThroughputQuery throughput, TimeProvider clock, ISchedulerFactory schedulers, IOptions<SyncOptions> sync)
{

    /// <param name="earlier">The figures this page read last, whose closed days need not be read again (a live refresh).</param>
    public async Task<DashboardFigures?> ReadAsync(Guid integrationId, DashboardFigures? earlier = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct);
        if (integration is null) return null;
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        // The 14 daily buckets reach back to last week's Monday on any weekday: one grouped read gives all four counts.
        var days = await throughput.ReadAsync(integrationId, ChartRange.Fortnight, earlier?.Days, ct);
        int Synced(DateTimeOffset from, DateTimeOffset to) => days.Where(d => d.Start >= from && d.Start < to).Sum(d => d.Synced);
        return new DashboardFigures(integration, now, await StatesAsync(db, integrationId, now, ct),
            new SyncedFigure(Synced(today, now), Synced(today.AddDays(-1), today)),
            new SyncedFigure(Synced(monday, now), Synced(monday.AddDays(-7), monday)),
            await ConnectionsAsync(db, integrationId, ct), await ScheduleAsync(integration, now, ct), days);
    }

    /// <summary>
    /// Counts by state now, and 24 hours ago: now, less what entered each state since, plus what left it (the trail has
    /// every move, so this is exact without a stored history).
    /// </summary>
    private static async Task<IReadOnlyList<StateFigure>> StatesAsync(AppDbContext db, Guid integrationId, DateTimeOffset now, CancellationToken ct)
    {
        var counts = await OfIntegration(db.SyncRecords, integrationId).GroupBy(r => r.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.Key, c => c.Count, ct);
        var since = now.AddDays(-1);
        var moves = await OfIntegration(db.AuditEvents, integrationId).Where(a => a.At >= since && (a.FromState == null || a.FromState != a.ToState))
            .GroupBy(a => new { a.FromState, a.ToState }).Select(g => new { g.Key.FromState, g.Key.ToState, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<SyncState>().Select(state => new StateFigure(state, counts.GetValueOrDefault(state),
            counts.GetValueOrDefault(state) - moves.Where(m => m.ToState == state).Sum(m => m.Count) + moves.Where(m => m.FromState == state).Sum(m => m.Count))).ToList();
    }

    /// <summary>
    /// The integration's rows without the tenancy filter's WorkspaceId test, so the (integration, …) indexes answer alone
    /// instead of fetching every row to check its workspace. Safe only for an integration found through the filter, whose
    /// records and trail are its workspace's (intake and the ledger stamp both from the integration's workspace).
    /// </summary>
    private static IQueryable<T> OfIntegration<T>(IQueryable<T> rows, Guid integrationId) where T : class, Data.IWorkspaceOwned =>
        rows.IgnoreQueryFilters().Where(r => EF.Property<Guid>(r, "IntegrationId") == integrationId);

    private static async Task<IReadOnlyList<ConnectionHealth>> ConnectionsAsync(AppDbContext db, Guid integrationId, CancellationToken ct)
    {
        var connections = await db.Connections.AsNoTracking().Where(c => c.IntegrationId == integrationId)
            .Select(c => new { c.System, c.LastPingAt, c.LastPingOk, c.LastPingJson, c.TokenExpiresAt }).ToListAsync(ct);
        return connections.Select(c => new ConnectionHealth(c.System, c.LastPingAt, c.LastPingOk, c.LastPingOk == false ? Problem(c.LastPingJson) : null, c.TokenExpiresAt))
            .OrderBy(c => c.System).ToList();
    }

    /// <summary>The first failed step of a stored ping (the <see cref="PingReport"/> ConnectionStore keeps): its failure's message, else its detail.</summary>
    private static string? Problem(string? pingJson) =>
        pingJson is null || JsonSerializer.Deserialize<PingReport>(pingJson)?.Steps.FirstOrDefault(s => !s.Ok) is not { } step
            ? null
            : $"{step.Name}: {step.Failure?.Message ?? step.Detail}";

    /// <summary>The next poll: the first round of the sync schedule at or after the cadence falls due.</summary>
    private async Task<PollSchedule> ScheduleAsync(Integration integration, DateTimeOffset now, CancellationToken ct)
    {
        if (integration.Status != IntegrationStatus.Active) return new PollSchedule(integration.LastPolledAt, null, integration.PollEveryMinutes);
        var due = integration.LastPolledAt?.AddMinutes(integration.PollEveryMinutes) ?? now;
        if (due < now) due = now;
        var round = (await (await schedulers.GetScheduler(ct)).GetTrigger(SyncScheduleJob.Trigger, ct))?.NextFireTimeUtc;
        var every = sync.Value.ScheduleEvery;
        DateTimeOffset next = round is not { } fire ? due
            : fire >= due ? fire
            : fire + every * Math.Ceiling((due - fire) / every);
        return new PollSchedule(integration.LastPolledAt, next, integration.PollEveryMinutes);
    }
}
