using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Sync;

/// <summary>One poll of an integration: what each flow's ready queue listed, and the flows whose source could not be read.</summary>
public sealed record PollReport(IntakeResult Intake, IReadOnlyList<(string Flow, ConnectorFailure Failure)> Failures);

/// <summary>
/// Reads each flow's ready queue in the source and takes in what is there: the scheduled poll at the customer's cadence,
/// and the backfill for anything a webhook missed. Runs inside the integration's workspace.
/// </summary>
public sealed class SyncPolls(IDbContextFactory<AppDbContext> dbFactory, SyncFlows flows, SyncIntake intake, IServiceProvider services,
    CurrentWorkspace current, TimeProvider clock)
{
    /// <summary>The schedule enters the workspace as its owner; a person's "Check Ramp now" needs the right to run the integration.</summary>
    public async Task<PollReport> PollAsync(Integration integration, CancellationToken ct)
    {
        current.Demand(Permission.ManageIntegration, "read the source's ready queues now");
        var context = new FlowContext(integration, services);
        var (created, requeued, unchanged) = (0, 0, 0);
        var failures = new List<(string, ConnectorFailure)>();
        foreach (var flow in flows.For(integration.Kind).Where(f => f.IsOn(integration)))
        {
            var ready = await flow.Source.PollAsync(context, ct);
            if (!ready.IsOk)
            {
                failures.Add((flow.Name, ready.Failure!));
                continue;
            }
            var result = await intake.AcceptAsync(integration.Id, ready.Value!.Select(d => new IntakeItem(flow.Name, d.SourceId, d.Snapshot)).ToList(), IntakeVia.Poll, "poll", ct);
            (created, requeued, unchanged) = (created + result.Created, requeued + result.Requeued, unchanged + result.Unchanged);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.Integrations.SingleAsync(i => i.Id == integration.Id, ct);
        stored.LastPolledAt = clock.GetUtcNow();
        // Credentials or settings that no longer work stop the integration, as they do for a record.
        if (failures.FirstOrDefault(f => f.Item2.Kind is FailureKind.Auth or FailureKind.Configuration) is { Item2: { } broken }
            && stored.Status == IntegrationStatus.Active)
            (stored.Status, stored.PausedReason) = (IntegrationStatus.Paused, SyncLedger.Clip($"{broken.Message}{(broken.Hint is null ? "" : " " + broken.Hint)}", 500));
        await db.SaveChangesAsync(ct);
        return new PollReport(new IntakeResult(created, requeued, unchanged), failures);
    }
}
