using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Sync;

/// <summary>One round of work: claim due records, then work each integration's share inside its workspace, in parallel.</summary>
public sealed class SyncEngine(SyncClaims claims, IServiceScopeFactory scopes, IOptions<SyncOptions> options)
{
    /// <summary>This process's name in lease owners and trails ("host/pid").</summary>
    public static readonly string Node = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Claims up to <paramref name="max"/> due records and works them; returns how many were claimed (0: nothing due).</summary>
    public async Task<int> RunOnceAsync(int max, CancellationToken ct)
    {
        // A fresh owner per claim: the fence must tell this claim from an earlier one of the same node.
        var owner = $"{Node}:{Guid.NewGuid().ToString("N")[..12]}";
        var batch = await claims.ClaimAsync(owner, max, ct);
        await Task.WhenAll(batch.GroupBy(c => (c.WorkspaceId, c.IntegrationId)).Select(group => WorkAsync(group.Key.WorkspaceId, group.Key.IntegrationId, group.ToList(), ct)));
        return batch.Count;
    }

    /// <summary>Works until nothing is due now (records scheduled for later stay); for tests, benchmarks and "sync now".</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        var total = 0;
        for (int claimed; (claimed = await RunOnceAsync(options.Value.ClaimBatch * options.Value.Workers, ct)) > 0;) total += claimed;
        return total;
    }

    private async Task WorkAsync(Guid workspaceId, Guid integrationId, IReadOnlyList<ClaimedRecord> records, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Acting for the workspace as the system, with the rights its owner gave the integration.
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
        var context = new FlowContext(integration, scope.ServiceProvider);
        var processor = scope.ServiceProvider.GetRequiredService<SyncProcessor>();
        await processor.ProcessAsync(records, context, ct);
    }
}
