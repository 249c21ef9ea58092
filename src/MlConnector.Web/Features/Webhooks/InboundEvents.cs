using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>
/// Hands accepted deliveries to the sync engine. An event is only a hint: its type picks the flows whose source handles
/// it, and its object becomes (or re-queues) a record of each, which the engine reads again from the source before
/// posting. Intake is keyed by (integration, flow, source id), so a duplicate, a late or an out-of-order event, or the
/// same event handled twice (right after receipt and by the backfill), changes nothing more.
/// </summary>
public sealed partial class InboundEvents(IServiceScopeFactory scopes, SyncFlows flows, IOptions<WebhooksOptions> options, TimeProvider clock,
    ILogger<InboundEvents> log)
{
    /// <summary>Handles one stored delivery inside its workspace; false when there was nothing (left) to do.</summary>
    public async Task<bool> ProcessAsync(Guid workspaceId, long eventId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var received = await db.InboundEvents.SingleOrDefaultAsync(e => e.Id == eventId, ct);
        if (received is not { Accepted: true, ProcessedAt: null }) return false;
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == received.IntegrationId, ct);

        received.Attempts++;
        try
        {
            var concerned = received.EventType is { } type ? flows.ForEvent(integration.Kind, type).Where(f => f.IsOn(integration)).ToList() : [];
            if (concerned.Count == 0)
                received.Outcome = $"No flow of this integration that is on takes {received.EventType ?? "untyped"} events; nothing to do.";
            else if (received.ObjectId is not { } objectId)
                received.Outcome = "The event names no object; nothing to read again.";
            else
            {
                var result = await scope.ServiceProvider.GetRequiredService<SyncIntake>().AcceptAsync(received.IntegrationId,
                    concerned.Select(f => new IntakeItem(f.Name, objectId)).ToList(), IntakeVia.Webhook, "webhook", ct);
                received.Outcome = SyncLedger.Clip($"{string.Join(", ", concerned.Select(f => f.Name))}: {result.Created} new, " +
                    $"{result.Requeued} queued again, {result.Unchanged} unchanged.", 500);
            }
            received.ProcessedAt = clock.GetUtcNow();
            received.ProcessError = null;
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            received.ProcessError = SyncLedger.Clip($"{error.GetType().Name}: {error.Message}", 1000);
            if (received.Attempts >= options.Value.MaxAttempts)
            {
                received.ProcessedAt = clock.GetUtcNow();
                received.Outcome = $"Given up after {received.Attempts} attempts; the scheduled poll still finds the object if it is ready to sync.";
            }
            LogFailed(error, received.Id, received.IntegrationId, received.Attempts);
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The backfill: accepted deliveries that were stored but not handed over (the node stopped in between, or handling
    /// failed) for longer than <see cref="WebhooksOptions.BackfillAfter"/>, across workspaces. Returns how many were handled.
    /// </summary>
    public async Task<int> ProcessPendingAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.Value.BackfillAfter;
        List<(Guid Workspace, long Id)> pending;
        await using (var system = scopes.CreateAsyncScope())
        {
            // A system job across tenants: ids past the filter, then each is handled inside its workspace.
            pending = (await system.ServiceProvider.GetRequiredService<AppDbContext>().InboundEvents.IgnoreQueryFilters()
                    .Where(e => e.ProcessedAt == null && e.Accepted && e.ReceivedAt <= cutoff)
                    .OrderBy(e => e.Id).Select(e => new { e.WorkspaceId, e.Id }).Take(500).ToListAsync(ct))
                .Select(e => (e.WorkspaceId, e.Id)).ToList();
        }
        var handled = 0;
        foreach (var (workspace, id) in pending)
        {
            try
            {
                if (await ProcessAsync(workspace, id, ct)) handled++;
            }
            catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One workspace's surprise must not cost the others their backfill.
                LogFailed(error, id, Guid.Empty, -1);
            }
        }
        return handled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling webhook delivery {EventRowId} of integration {IntegrationId} failed (attempt {Attempt})")]
    private partial void LogFailed(Exception error, long eventRowId, Guid integrationId, int attempt);
}
