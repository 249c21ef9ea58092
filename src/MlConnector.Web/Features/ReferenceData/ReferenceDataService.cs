using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>How much of one kind was read, how much of it is active, and when.</summary>
public sealed record ReferenceSummary(ExternalSystem System, ReferenceKind Kind, string Group, int Count, int Active, DateTimeOffset FetchedAt);

/// <summary>
/// Pulls master data from an integration's systems and keeps the latest read per system: a pull replaces
/// the previous snapshot of that system in one transaction, so readers never see half of one.
/// </summary>
public sealed class ReferenceDataService(IDbContextFactory<AppDbContext> dbFactory, ConnectionStore connections, D365ReferenceReader d365, TimeProvider clock)
{
    /// <summary>Systems whose master data can be pulled so far (Ramp and Visma readers come next).</summary>
    public static bool CanPull(ExternalSystem system) => system == ExternalSystem.Dynamics365;

    public async Task<ConnectorResult<IReadOnlyList<ReferenceSummary>>> PullAsync(Guid integrationId, CancellationToken ct = default)
    {
        if (await connections.IntegrationAsync(integrationId, ct) is not { } found) throw new KeyNotFoundException($"Integration {integrationId} is not in this workspace.");
        foreach (var view in found.Connections.Where(c => CanPull(c.System)))
        {
            var credentials = (await connections.CredentialsAsync(view.Id, ct))!;
            if (credentials.ToD365() is not { } d365Credentials)
                return new ConnectorFailure(FailureKind.Configuration, "The Dynamics 365 connection has no environment URL yet.", "Add the credentials and ping first.");
            var rows = await d365.ReadAsync(d365Credentials, ct);
            if (!rows.IsOk) return rows.Failure!;
            await ReplaceAsync(integrationId, view.System, rows.Value!, ct);
        }
        return ConnectorResult<IReadOnlyList<ReferenceSummary>>.Ok(await SummaryAsync(integrationId, ct));
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
}
