using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Sync;

/// <summary>
/// Moves records between states in one unit of work: each move writes its audit event and collects the change, which is
/// published only after the save succeeds (subscribers never see a state the database does not hold).
/// </summary>
internal sealed class SyncLedger(AppDbContext db, DateTimeOffset now)
{
    private readonly List<SyncStateChanged> changes = [];
    private (Guid Integration, string Reason)? pause;

    public DateTimeOffset Now => now;

    public void Move(SyncRecord record, SyncState to, AuditAction action, string actor, string? message = null, string? detail = null,
        int? durationMs = null, bool isNew = false)
    {
        SyncState? from = isNew ? null : record.State;
        db.AuditEvents.Add(new AuditEvent
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

    public async Task SaveAsync(SyncEvents events, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        if (pause is var (integrationId, reason))
        {
            var why = Clip(reason, 500);
            await db.Integrations.Where(i => i.Id == integrationId && i.Status == Features.Integrations.IntegrationStatus.Active)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, Features.Integrations.IntegrationStatus.Paused)
                    .SetProperty(i => i.PausedReason, why), ct);
            pause = null;
        }
        events.Publish(changes.ToList());
        changes.Clear();
    }

    public static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}
