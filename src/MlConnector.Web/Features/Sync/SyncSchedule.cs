using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using Quartz;

namespace MlConnector.Web.Features.Sync;

/// <summary>
/// The engine's recurring round, every <see cref="SyncOptions.ScheduleEvery"/> (once across nodes with the clustered
/// store): for each active integration, poll its queues when its cadence is due, report finished records back to the
/// source, and re-queue blocked records whose holds are gone (a release that a crash interrupted).
/// </summary>
public sealed partial class SyncSchedule(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SyncSchedule> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        List<(Guid Workspace, Guid Integration)> active;
        await using (var system = scopes.CreateAsyncScope())
        {
            // A system job works across tenants: it lists ids past the filter, then acts inside each workspace.
            active = (await system.ServiceProvider.GetRequiredService<AppDbContext>().Integrations.IgnoreQueryFilters()
                .Where(i => i.Status == IntegrationStatus.Active).Select(i => new { i.WorkspaceId, i.Id }).ToListAsync(ct))
                .Select(i => (i.WorkspaceId, i.Id)).ToList();
        }
        foreach (var (workspaceId, integrationId) in active)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
            try
            {
                await RunForAsync(scope.ServiceProvider, integrationId, ct);
            }
            catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One integration's surprise must not cost every other workspace its round.
                LogRoundFailed(error, integrationId, workspaceId);
            }
        }
    }

    private async Task RunForAsync(IServiceProvider services, Guid integrationId, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
        if (integration.LastPolledAt is not { } last || last.AddMinutes(integration.PollEveryMinutes) <= clock.GetUtcNow())
        {
            var poll = await services.GetRequiredService<SyncPolls>().PollAsync(integration, ct);
            foreach (var (flow, failure) in poll.Failures) LogPollFailed(integrationId, flow, failure.Kind, failure.Message);
        }
        var report = await services.GetRequiredService<RampSyncReporter>().ReportAsync(integration, ct);
        if (report.StoppedBy is { } stopped) LogReportStopped(integrationId, stopped.Kind, stopped.Message);
        await RequeueOrphansAsync(services, db, integrationId, ct);
    }

    private static async Task RequeueOrphansAsync(IServiceProvider services, AppDbContext db, Guid integrationId, CancellationToken ct)
    {
        // Hold keys are Guid.ToString() (lower case); SQLite keeps Guids as upper-case text, so the id is lowered in SQL too —
        // without that every blocked record looked orphaned on SQLite and was read from the source again each round.
        var orphans = await db.SyncRecords.Where(r => r.IntegrationId == integrationId && r.State == SyncState.Blocked
                && !db.MappingHolds.Any(h => h.IntegrationId == integrationId && h.RecordKey == r.Id.ToString().ToLower()))
            .OrderBy(r => r.Id).Select(r => r.Id.ToString()).Take(1000).ToListAsync(ct);
        if (orphans.Count > 0)
            await services.GetRequiredService<SyncReleases>().ReleasedAsync(integrationId, orphans, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync round of integration {IntegrationId} (workspace {WorkspaceId}) failed")]
    private partial void LogRoundFailed(Exception error, Guid integrationId, Guid workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll of integration {IntegrationId}, flow {Flow}, failed: {Kind} {Reason}")]
    private partial void LogPollFailed(Guid integrationId, string flow, FailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting to the source of integration {IntegrationId} stopped: {Kind} {Reason}")]
    private partial void LogReportStopped(Guid integrationId, FailureKind kind, string reason);
}

/// <summary>Runs <see cref="SyncSchedule"/>; never twice at once.</summary>
[DisallowConcurrentExecution]
public sealed class SyncScheduleJob(SyncSchedule schedule) : IJob
{
    public static readonly JobKey Key = new("sync-schedule", "sync");

    /// <summary>The round's trigger (the dashboard reads its next fire time for "next poll").</summary>
    public static readonly TriggerKey Trigger = new("sync-schedule-interval", "sync");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await schedule.RunAsync(cancellationToken);
}
