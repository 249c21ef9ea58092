using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Records;

/// <summary>
/// The record explorer's reads: a page of the workspace's records by filter and sort, its count by the same filter, and
/// one record's timeline. Only roles that may explore records (payloads, the target's answers) get anything.
/// </summary>
public sealed class RecordExplorer(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current)
{
    public bool CanExplore => current.Can(Permission.ExploreRecords);

    public async Task<RecordPage> PageAsync(RecordFilter filter, int skip, int take, RecordSort sort = RecordSort.UpdatedAt, bool descending = true,
        CancellationToken ct = default)
    {
        Demand();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var matching = db.SyncRecords.AsNoTracking().Apply(filter, db.Database.IsNpgsql());
        var count = await matching.CountAsync(ct);
        var rows = await matching.Sort(sort, descending).Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, 200))
            .Select(r => new RecordRow(r.Id, r.IntegrationId, r.Flow, r.SourceId, r.Summary, r.State, r.ErrorCategory, r.ErrorMessage, r.Attempts,
                r.TargetDocumentId, r.CreatedAt, r.UpdatedAt))
            .ToListAsync(ct);
        return new RecordPage(rows, count);
    }

    public async Task<int> CountAsync(RecordFilter filter, CancellationToken ct = default)
    {
        Demand();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SyncRecords.Apply(filter, db.Database.IsNpgsql()).CountAsync(ct);
    }

    public async Task<IReadOnlyList<RecordIntegration>> IntegrationsAsync(CancellationToken ct = default)
    {
        Demand();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Integrations.AsNoTracking().OrderBy(i => i.Name).Select(i => new RecordIntegration(i.Id, i.Name, i.Kind)).ToListAsync(ct);
    }

    /// <summary>The flows the workspace's records move by (for the filter); a distinct over the flow column.</summary>
    public async Task<IReadOnlyList<string>> FlowsAsync(CancellationToken ct = default)
    {
        Demand();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SyncRecords.Select(r => r.Flow).Distinct().OrderBy(f => f).ToListAsync(ct);
    }

    /// <summary>The record with its whole trail as one timeline across both systems, or null when it is not in this workspace.</summary>
    public async Task<RecordDetail?> DetailAsync(Guid recordId, CancellationToken ct = default)
    {
        Demand();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.SyncRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null) return null;
        var integration = await db.Integrations.AsNoTracking().Where(i => i.Id == record.IntegrationId)
            .Select(i => new RecordIntegration(i.Id, i.Name, i.Kind)).SingleAsync(ct);
        var trail = await db.AuditEvents.AsNoTracking().Where(a => a.RecordId == recordId).OrderBy(a => a.Id).ToListAsync(ct);
        var timeline = RecordTimeline.Build(trail);
        var (source, target) = Systems(integration.Kind);
        var earlierKept = timeline.Where(t => t.Action == AuditAction.Mapped).All(t => t.Payload is not null);
        return new RecordDetail(record, integration, source, target, record.SourceSnapshot is null ? null : LineDiff.Pretty(record.SourceSnapshot),
            record.MappedPayload is null ? null : LineDiff.Pretty(record.MappedPayload), timeline, earlierKept);
    }

    public static (string Source, string Target) Systems(IntegrationKind kind) => kind switch
    {
        IntegrationKind.RampVisma => ("Ramp", "Visma.net"),
        IntegrationKind.StampliD365 => ("Stampli", "Dynamics 365"),
        _ => ("Ramp", "Dynamics 365"),
    };

    private void Demand()
    {
        current.Demand(Permission.ExploreRecords, "explore records (their payloads, trails and the target's answers)");
    }
}
