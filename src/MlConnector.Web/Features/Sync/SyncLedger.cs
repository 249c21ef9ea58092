using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Sync;

/// <summary>
/// Moves records between states: each move writes an audit event and collects the change, which is published only
/// after the save succeeds (subscribers never see a state the database does not hold). Moves are buffered, so records
/// of one batch can be worked in parallel, each with its own ledger, and stored together in one save.
/// </summary>
internal sealed class SyncLedger(AppDbContext db, DateTimeOffset now)
{
    private readonly List<AuditEvent> audit = [];
    private readonly List<SyncStateChanged> changes = [];
    private (Guid Integration, string Reason)? pause;

    public DateTimeOffset Now => now;

    public void Move(SyncRecord record, SyncState to, AuditAction action, string actor, string? message = null, string? detail = null,
        int? durationMs = null, bool isNew = false)
    {
        SyncState? from = isNew ? null : record.State;
        audit.Add(new AuditEvent
        {
            WorkspaceId = record.WorkspaceId, IntegrationId = record.IntegrationId, RecordId = record.Id, At = now, Action = action,
            FromState = from, ToState = to, Actor = actor, Message = Clip(message, 2000), Detail = detail, DurationMs = durationMs,
        });
        if (from != to) changes.Add(new SyncStateChanged(record.WorkspaceId, record.IntegrationId, record.Id, record.Flow, from, to, now));
        record.State = to;
        record.UpdatedAt = now;
    }

    /// <summary>Pauses the integration when the save succeeds (credentials or settings are wrong: nothing else can work).</summary>
    public void PauseIntegration(Guid integrationId, string reason) => pause = (integrationId, reason);

    public Task SaveAsync(SyncEvents events, CancellationToken ct) => SaveAllAsync(db, [this], events, null, ct);

    /// <summary>
    /// Stores the ledgers' records and trails in one save. A record whose lease fence fails (another worker claimed it
    /// after our lease ran out) is dropped with its trail and reported to <paramref name="leaseLost"/>; the rest is saved.
    /// </summary>
    public static async Task SaveAllAsync(AppDbContext db, IReadOnlyList<SyncLedger> ledgers, SyncEvents events, Action<Guid>? leaseLost, CancellationToken ct)
    {
        foreach (var ledger in ledgers) db.AuditEvents.AddRange(ledger.audit);
        var dropped = new HashSet<Guid>();
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException conflict) when (leaseLost is not null)
            {
                foreach (var record in conflict.Entries.Select(e => e.Entity).OfType<SyncRecord>())
                {
                    if (!dropped.Add(record.Id)) throw;
                    leaseLost(record.Id);
                    db.Entry(record).State = EntityState.Detached;
                    foreach (var trail in db.ChangeTracker.Entries<AuditEvent>().Where(a => a.Entity.RecordId == record.Id).ToList()) trail.State = EntityState.Detached;
                }
            }
        }
        foreach (var ledger in ledgers)
        {
            if (ledger.pause is var (integrationId, reason) && !ledger.changes.Any(c => dropped.Contains(c.RecordId)))
            {
                var why = Clip(reason, 500);
                await db.Integrations.Where(i => i.Id == integrationId && i.Status == IntegrationStatus.Active)
                    .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, IntegrationStatus.Paused).SetProperty(i => i.PausedReason, why), ct);
            }
            ledger.pause = null;
            ledger.audit.Clear();
        }
        events.Publish(ledgers.SelectMany(l => l.changes).Where(c => !dropped.Contains(c.RecordId)).ToList());
        foreach (var ledger in ledgers) ledger.changes.Clear();
    }

    public static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}
