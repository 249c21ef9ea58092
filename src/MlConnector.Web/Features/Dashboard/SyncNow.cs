using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Dashboard;

/// <summary>
/// "Sync now": reads the source's ready queues at once instead of at the next cadence, and wakes this node's workers so
/// what was queued (and anything due) starts moving. Needs <see cref="Permission.ManageIntegration"/>.
/// </summary>
public sealed class SyncNow(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, SyncPolls polls, SyncSignal signal)
{
    public bool Allowed => current.Can(Permission.ManageIntegration);

    public async Task<PollReport> RunAsync(Guid integrationId, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageIntegration, "start a sync");
        Integration integration;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct)
                ?? throw new KeyNotFoundException($"Integration {integrationId} is not in this workspace.");
        // Records of a paused or draft integration would only wait in the queue: say so rather than look busy.
        if (integration.Status != IntegrationStatus.Active)
            throw new InvalidOperationException("The integration is not switched on: switch it on (or resume it) first.");
        var report = await polls.PollAsync(integration, ct);
        signal.Poke();
        return report;
    }
}
