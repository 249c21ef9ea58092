using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Records;

/// <summary>The records a replay is about: those ticked by hand, or every record matching a filter (not just the page shown).</summary>
public sealed record RecordSelection(IReadOnlyCollection<Guid>? Ids, RecordFilter? Filter)
{
    public static RecordSelection Of(IReadOnlyCollection<Guid> ids) => new(ids, null);

    public static RecordSelection Matching(RecordFilter filter) => new(null, filter);
}

/// <summary>What replay will do with a record, decided from what is known before it runs.</summary>
public enum ReplayPlan
{
    /// <summary>A worker holds it now: replay refuses it.</summary>
    Refused,

    /// <summary>It has a target document id: looked up there and linked, not posted again.</summary>
    LinkExisting,

    /// <summary>An earlier write may have landed (timeout, 5xx after sending, a dead worker): looked up first, linked if there, else posted.</summary>
    LookUpThenPost,

    /// <summary>It never reached the target as far as we know: still looked up first, then posted.</summary>
    Post,

    /// <summary>Blocked on a mapping: mapped again; posts if the mapping is there now, else waits again.</summary>
    MapAgain,
}

public sealed record ReplayPreviewRow(Guid Id, string? Summary, string SourceId, SyncState State, string? TargetDocumentId, ReplayPlan Plan, string Target);

/// <param name="Samples">The first records (most recently changed first), each with its plan; <see cref="Total"/> may be far more.</param>
/// <param name="Target">The system the records post to ("Dynamics 365"), or "the ERP" when they go to several.</param>
public sealed record ReplayPreview(int Total, IReadOnlyDictionary<ReplayPlan, int> ByPlan, IReadOnlyList<ReplayPreviewRow> Samples, string Target);

/// <summary>A replay's outcome: the records queued (whose progress the console follows) and those refused with the reason.</summary>
public sealed record ReplayRun(IReadOnlyList<Guid> Queued, IReadOnlyList<(Guid RecordId, string Reason)> Refused);

/// <summary>
/// The support replay console's service: what a replay of a selection will do, and running it through
/// <see cref="SyncReplay"/> in chunks, so "all matching" works on any number of records.
/// </summary>
public sealed class RecordReplays(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, SyncReplay replay)
{
    private const int Chunk = 500;

    public bool CanReplay => current.Can(Permission.Replay);

    public async Task<ReplayPreview> PreviewAsync(RecordSelection selection, int samples = 50, CancellationToken ct = default)
    {
        Demand();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var targets = (await db.Integrations.AsNoTracking().Select(i => new { i.Id, i.Kind }).ToListAsync(ct))
            .ToDictionary(i => i.Id, i => RecordExplorer.Systems(i.Kind).Target);
        var byPlan = Enum.GetValues<ReplayPlan>().ToDictionary(p => p, _ => 0);
        var seen = new HashSet<string>();
        var rows = new List<ReplayPreviewRow>();
        foreach (var part in Parts(db, selection))
        {
            var groups = await part.GroupBy(r => new { r.IntegrationId, r.State, HasDocument = r.TargetDocumentId != null, r.VerifyBeforePost })
                .Select(g => new { g.Key.IntegrationId, g.Key.State, g.Key.HasDocument, g.Key.VerifyBeforePost, Count = g.Count() }).ToListAsync(ct);
            foreach (var g in groups)
            {
                byPlan[PlanOf(g.State, g.HasDocument, g.VerifyBeforePost)] += g.Count;
                seen.Add(targets.GetValueOrDefault(g.IntegrationId, "the ERP"));
            }
            if (rows.Count < samples)
                rows.AddRange((await part.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).Take(samples - rows.Count)
                        .Select(r => new { r.Id, r.IntegrationId, r.Summary, r.SourceId, r.State, r.TargetDocumentId, r.VerifyBeforePost }).ToListAsync(ct))
                    .Select(r => new ReplayPreviewRow(r.Id, r.Summary, r.SourceId, r.State, r.TargetDocumentId, PlanOf(r.State, r.TargetDocumentId != null, r.VerifyBeforePost),
                        targets.GetValueOrDefault(r.IntegrationId, "the ERP"))));
        }
        return new ReplayPreview(byPlan.Values.Sum(), byPlan, rows, seen.Count == 1 ? seen.Single() : "the ERP");
    }

    /// <summary>Replays the selection with <paramref name="reason"/> in each record's trail; <paramref name="progress"/> hears the count done so far.</summary>
    public async Task<ReplayRun> RunAsync(RecordSelection selection, string reason, string actor, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        Demand();
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("Say why the records are replayed; the reason goes into each record's trail.", nameof(reason));
        IReadOnlyCollection<Guid> ids;
        if (selection.Ids is { } chosen) ids = chosen;
        else
        {
            // The matching ids as they are now, so the records counted in the preview are the ones replayed even while
            // replaying moves them out of the filter (a "Failed" filter stops matching a record once it is queued).
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            ids = await db.SyncRecords.Apply(selection.Filter ?? RecordFilter.All, db.Database.IsNpgsql()).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        }
        var queued = new List<Guid>(ids.Count);
        var refused = new List<(Guid, string)>();
        foreach (var chunk in ids.Distinct().Chunk(Chunk))
        {
            var result = await replay.ReplayAsync(chunk, reason, actor, ct);
            var no = result.Refused.Select(r => r.RecordId).ToHashSet();
            queued.AddRange(chunk.Where(id => !no.Contains(id)));
            refused.AddRange(result.Refused);
            progress?.Report(queued.Count + refused.Count);
        }
        return new ReplayRun(queued, refused);
    }

    public static ReplayPlan PlanOf(SyncState state, bool hasDocument, bool verifyBeforePost) =>
        state == SyncState.InFlight ? ReplayPlan.Refused
        : hasDocument ? ReplayPlan.LinkExisting
        : verifyBeforePost ? ReplayPlan.LookUpThenPost
        : state == SyncState.Blocked ? ReplayPlan.MapAgain
        : ReplayPlan.Post;

    private static IEnumerable<IQueryable<SyncRecord>> Parts(AppDbContext db, RecordSelection selection)
    {
        if (selection.Ids is null)
        {
            yield return db.SyncRecords.AsNoTracking().Apply(selection.Filter ?? RecordFilter.All, db.Database.IsNpgsql());
            yield break;
        }
        foreach (var chunk in selection.Ids.Distinct().Chunk(Chunk))
            yield return db.SyncRecords.AsNoTracking().Where(r => chunk.Contains(r.Id));
    }

    private void Demand()
    {
        current.Demand(Permission.Replay, "replay records");
    }
}
