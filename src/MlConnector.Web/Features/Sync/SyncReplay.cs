using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Sync;

/// <summary>A replay request's outcome: queued records, and those refused with the reason.</summary>
public sealed record ReplayResult(int Queued, IReadOnlyList<(Guid RecordId, string Reason)> Refused);

/// <summary>
/// Support's replay, for one record or many: each goes back to the queue with the person and reason in its trail, and
/// always looks in the target first, so a document that already landed is linked instead of posted twice.
/// </summary>
public sealed class SyncReplay(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, SyncEvents events, SyncSignal signal, TimeProvider clock)
{
    public bool CanReplay => current.Can(Permission.Replay);

    public async Task<ReplayResult> ReplayAsync(IReadOnlyCollection<Guid> recordIds, string reason, string actor, CancellationToken ct = default)
    {
        if (!CanReplay) throw new UnauthorizedAccessException("Only support staff, admins and owners can replay records.");
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("Say why the records are replayed; the reason goes into each record's trail.", nameof(reason));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ledger = new SyncLedger(db, clock.GetUtcNow());
        var refused = new List<(Guid, string)>();
        var queued = 0;
        var unblocked = new List<SyncRecord>();
        foreach (var chunk in recordIds.Distinct().Chunk(500))
        {
            var records = await db.SyncRecords.Where(r => chunk.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            foreach (var id in chunk)
            {
                if (!records.TryGetValue(id, out var record)) refused.Add((id, "No such record in this workspace."));
                else if (record.State == SyncState.InFlight) refused.Add((id, "A worker is on it right now; try again when it has finished."));
                else
                {
                    var was = record.State;
                    if (was == SyncState.Blocked) unblocked.Add(record);
                    SyncIntake.Requeue(record, ledger.Now);
                    record.VerifyBeforePost = true;
                    ledger.Move(record, SyncState.Pending, AuditAction.Replayed, actor, $"Replayed (was {was}): {reason.Trim()}");
                    queued++;
                }
            }
        }
        await ledger.SaveAsync(events, ct);
        foreach (var group in unblocked.GroupBy(r => r.IntegrationId))
            await SyncIntake.DropHoldsAsync(db, group.Key, group.Select(r => r.Id).ToList(), ct);
        if (queued > 0) signal.Poke();
        return new ReplayResult(queued, refused);
    }
}
