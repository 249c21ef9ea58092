using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>How a refresh went: integrations read in full, with some system failing, or not at all.</summary>
public sealed record ReferenceRefreshReport(int Pulled, int PartlyFailed, int Failed);

/// <summary>
/// Reads the master data of every integration that has a readable connection with saved credentials, in every
/// workspace, so mappings choose from what the systems hold today, not from what they held at onboarding.
/// </summary>
public sealed partial class ReferenceDataRefresh(IServiceScopeFactory scopes, ILogger<ReferenceDataRefresh> log)
{
    public async Task<ReferenceRefreshReport> RefreshAllAsync(CancellationToken ct)
    {
        List<(Guid Workspace, Guid Integration)> targets;
        await using (var system = scopes.CreateAsyncScope())
        {
            // A system job works across tenants: it lists ids past the filter, then acts inside each workspace.
            var saved = await system.ServiceProvider.GetRequiredService<AppDbContext>().Connections.IgnoreQueryFilters()
                .Where(c => c.SecretsCiphertext != null)
                .Select(c => new { c.WorkspaceId, c.IntegrationId, c.System }).ToListAsync(ct);
            targets = saved.Where(c => ReferenceDataService.CanPull(c.System)).Select(c => (c.WorkspaceId, c.IntegrationId)).Distinct().ToList();
        }
        var (pulled, partly, failed) = (0, 0, 0);
        foreach (var (workspaceId, integrationId) in targets)
        {
            await using var scope = scopes.CreateAsyncScope();
            // Acting for the workspace as the system, with the rights its owner gave the integration.
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
            try
            {
                var pull = await scope.ServiceProvider.GetRequiredService<ReferenceDataService>().PullAsync(integrationId, ct);
                if (pull.IsOk) pulled++;
                else partly++;
                LogPulled(integrationId, workspaceId, pull.Failures.Count);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One integration's surprise (deleted meanwhile, a database hiccup) must not cost every other workspace its refresh.
                failed++;
                LogPullThrew(error, integrationId, workspaceId);
            }
        }
        return new ReferenceRefreshReport(pulled, partly, failed);
    }

    // When the last refresh ran and how it went lives only in the log until a migration adds columns for it.
    [LoggerMessage(Level = LogLevel.Information, Message = "Reference data of integration {IntegrationId} (workspace {WorkspaceId}) refreshed; systems failed: {FailedSystems}")]
    private partial void LogPulled(Guid integrationId, Guid workspaceId, int failedSystems);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reference data of integration {IntegrationId} (workspace {WorkspaceId}) not refreshed")]
    private partial void LogPullThrew(Exception error, Guid integrationId, Guid workspaceId);
}
