using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>How much of one kind was read, how much of it is active, and when.</summary>
public sealed record ReferenceSummary(ExternalSystem System, ReferenceKind Kind, string Group, int Count, int Active, DateTimeOffset FetchedAt);

/// <summary>Why one system's read failed; the other systems of the pull were stored regardless.</summary>
public sealed record SystemPullFailure(ExternalSystem System, ConnectorFailure Failure);

/// <summary>What the integration holds after a pull, and the systems whose read failed (their previous snapshot stays).</summary>
public sealed record ReferencePull(IReadOnlyList<ReferenceSummary> Summary, IReadOnlyList<SystemPullFailure> Failures)
{
    public bool IsOk => Failures.Count == 0;
}

/// <summary>Told after a pull stored at least one system's snapshot (mappings refresh their rows and suggestions).</summary>
public interface IReferencePullListener
{
    Task PulledAsync(Guid integrationId, CancellationToken ct);
}

/// <summary>
/// Pulls master data from an integration's systems and keeps the latest read per system: a pull replaces
/// the previous snapshot of that system in one transaction, so readers never see half of one.
/// </summary>
public sealed partial class ReferenceDataService(
    IDbContextFactory<AppDbContext> dbFactory, ConnectionStore connections, ReferenceSources sources, IEnumerable<IReferencePullListener> listeners,
    CurrentWorkspace current, TimeProvider clock, ILogger<ReferenceDataService> log)
{
    /// <summary>Systems whose master data can be pulled.</summary>
    public static bool CanPull(ExternalSystem system) => ReferenceSources.CanRead(system);

    /// <summary>
    /// Reads every saved connection of the integration, one system after the other. A system that fails keeps its
    /// last snapshot and is named in the result; the others are stored anyway.
    /// </summary>
    public async Task<ReferencePull> PullAsync(Guid integrationId, CancellationToken ct = default)
    {
        // The scheduled refresh enters each workspace as its owner; a person needs the right to run the integration.
        current.Demand(Permission.ManageIntegration, "pull reference data");
        if (await connections.IntegrationAsync(integrationId, ct) is not { } found) throw new KeyNotFoundException($"Integration {integrationId} is not in this workspace.");
        var failures = new List<SystemPullFailure>();
        var stored = 0;
        // A connection nobody has filled in has nothing to read yet: skipped, not failed.
        foreach (var view in found.Connections.Where(c => CanPull(c.System) && c.IsSaved))
        {
            var rows = await sources.ReadAsync(view, ct);
            if (rows.IsOk)
            {
                await ReplaceAsync(integrationId, view.System, rows.Value!, ct);
                stored++;
                continue;
            }
            failures.Add(new SystemPullFailure(view.System, rows.Failure!));
            // No column keeps "last pull failed" yet (that needs a migration), so the log is where it is recorded.
            LogSystemFailed(integrationId, view.System, rows.Failure!.Kind, rows.Failure.Message);
        }
        if (stored > 0)
            foreach (var listener in listeners) await listener.PulledAsync(integrationId, ct);
        return new ReferencePull(await SummaryAsync(integrationId, ct), failures);
    }

    public async Task<IReadOnlyList<ReferenceSummary>> SummaryAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ReferenceItems.Where(i => i.IntegrationId == integrationId)
            .GroupBy(i => new { i.System, i.Kind, i.Group })
            .Select(g => new ReferenceSummary(g.Key.System, g.Key.Kind, g.Key.Group, g.Count(), g.Count(i => i.Active), g.Max(i => i.FetchedAt)))
            .ToListAsync(ct);
    }

    private async Task ReplaceAsync(Guid integrationId, ExternalSystem system, IReadOnlyList<ReferenceRow> rows, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ReferenceItems.Where(i => i.IntegrationId == integrationId && i.System == system).ExecuteDeleteAsync(ct);
        // A system may list a key twice (e.g. across pages while data changes): keep the last copy read.
        db.ReferenceItems.AddRange(rows.GroupBy(r => (r.Kind, r.Group, r.ExternalId)).Select(g => g.Last()).Select(r => new ReferenceItem
        {
            IntegrationId = integrationId, System = system, Kind = r.Kind, Group = r.Group, ExternalId = r.ExternalId,
            Code = r.Code, Name = r.Name, Active = r.Active, RawJson = r.RawJson, FetchedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reference data of integration {IntegrationId} not read from {System}: {Kind} {Reason}")]
    private partial void LogSystemFailed(Guid integrationId, ExternalSystem system, FailureKind kind, string reason);
}
