using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Sync;

/// <summary>How a document reached us; it decides whether an existing record is looked at again.</summary>
public enum IntakeVia
{
    /// <summary>The source says the object changed: a failed, blocked or out-of-scope record is queued again.</summary>
    Webhook,

    /// <summary>The ready queue lists it: new records only (a failed one stays failed until someone acts).</summary>
    Poll,

    /// <summary>A row of a received file, carrying its own snapshot: new records only.</summary>
    File,
}

/// <summary>One document to track: its flow, its id in the source and, for file rows, the row itself.</summary>
/// <param name="Snapshot">A file row, or the document as a poll's list page had it (whole, read just now).</param>
public sealed record IntakeItem(string Flow, string SourceId, string? Snapshot = null, string? Summary = null);

public sealed record IntakeResult(int Created, int Requeued, int Unchanged)
{
    public int Total => Created + Requeued + Unchanged;
}

/// <summary>
/// Creates or refreshes records for documents that webhooks, polls and files announce, keyed by (integration, flow,
/// source id), so any number of announcements of one document make one record. Runs inside the current workspace.
/// </summary>
public sealed class SyncIntake(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, SyncEvents events, SyncSignal signal,
    TimeProvider clock)
{
    public async Task<IntakeResult> AcceptAsync(Guid integrationId, IReadOnlyList<IntakeItem> items, IntakeVia via, string actor,
        CancellationToken ct = default)
    {
        var distinct = items.DistinctBy(i => (i.Flow, i.SourceId)).ToList();
        if (distinct.Count == 0) return new IntakeResult(0, 0, 0);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await AcceptOnceAsync(integrationId, distinct, via, actor, ct);
                if (result.Created + result.Requeued > 0) signal.Poke();
                return result;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another delivery of the same document created its record between our read and our insert: read again.
            }
        }
    }

    private async Task<IntakeResult> AcceptOnceAsync(Guid integrationId, IReadOnlyList<IntakeItem> items, IntakeVia via, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Integrations.AnyAsync(i => i.Id == integrationId, ct))
            throw new KeyNotFoundException($"Integration {integrationId} is not in this workspace.");
        var ledger = new SyncLedger(db, clock.GetUtcNow());
        var (created, requeued, unchanged) = (0, 0, 0);
        var unblocked = new List<Guid>();
        foreach (var flow in items.GroupBy(i => i.Flow))
        {
            var ids = flow.Select(i => i.SourceId).ToList();
            var existing = new Dictionary<string, SyncRecord>(StringComparer.Ordinal);
            foreach (var chunk in ids.Chunk(500))
            {
                foreach (var record in await db.SyncRecords.Where(r => r.IntegrationId == integrationId && r.Flow == flow.Key && chunk.Contains(r.SourceId)).ToListAsync(ct))
                    existing[record.SourceId] = record;
            }
            foreach (var item in flow)
            {
                if (!existing.TryGetValue(item.SourceId, out var record))
                {
                    record = new SyncRecord
                    {
                        Id = Guid.CreateVersion7(ledger.Now), WorkspaceId = current.Id!.Value, IntegrationId = integrationId, Flow = item.Flow,
                        SourceId = item.SourceId, Summary = SyncLedger.Clip(item.Summary, 300), SourceSnapshot = item.Snapshot,
                        NextAttemptAt = ledger.Now, CreatedAt = ledger.Now,
                        SnapshotPolledAt = via == IntakeVia.Poll && item.Snapshot is not null ? ledger.Now : null,
                    };
                    db.SyncRecords.Add(record);
                    ledger.Move(record, SyncState.Pending, AuditAction.Received, actor, $"Received by {Describe(via)}.", isNew: true);
                    created++;
                }
                else if (via == IntakeVia.Webhook && Requeueable(record))
                {
                    var was = record.State;
                    if (was == SyncState.Blocked) unblocked.Add(record.Id);
                    Requeue(record, ledger.Now);
                    ledger.Move(record, SyncState.Pending, AuditAction.Requeued, actor, $"The source reported a change; queued again (was {was}).");
                    requeued++;
                }
                else
                {
                    // The source says the document changed: a snapshot from an earlier poll no longer stands for it.
                    if (via == IntakeVia.Webhook) record.SnapshotPolledAt = null;
                    unchanged++;
                }
            }
        }
        await ledger.SaveAsync(events, ct);
        await DropHoldsAsync(db, integrationId, unblocked, ct);
        return new IntakeResult(created, requeued, unchanged);
    }

    /// <summary>A change in the source may cure these; a posted, linked, queued or in-flight record has nothing to gain.</summary>
    private static bool Requeueable(SyncRecord record) => record.State switch
    {
        SyncState.Failed or SyncState.Blocked => true,
        SyncState.Skipped => record.TargetDocumentId is null,
        _ => false,
    };

    /// <summary>
    /// A blocked record queued again is mapped afresh and holds on what it lacks then; holds on values it may no longer
    /// need (the document changed) must not keep counting in the coverage.
    /// </summary>
    internal static async Task DropHoldsAsync(AppDbContext db, Guid integrationId, IReadOnlyList<Guid> recordIds, CancellationToken ct)
    {
        foreach (var chunk in recordIds.Select(id => id.ToString()).Chunk(500))
            await db.MappingHolds.Where(h => h.IntegrationId == integrationId && chunk.Contains(h.RecordKey)).ExecuteDeleteAsync(ct);
    }

    internal static void Requeue(SyncRecord record, DateTimeOffset now)
    {
        record.Attempts = 0;
        record.NextAttemptAt = now;
        record.SnapshotPolledAt = null;
        record.ErrorCategory = null;
        record.ErrorMessage = null;
        record.ErrorHint = null;
        record.ErrorReference = null;
    }

    private static string Describe(IntakeVia via) => via switch
    {
        IntakeVia.Webhook => "webhook",
        IntakeVia.Poll => "scheduled poll",
        _ => "file",
    };
}
