using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Records;

/// <summary>Records written straight into the ledger (with a Received entry each), as the engine would have left them.</summary>
internal static class RecordSeed
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public static SyncRecord Record(TestIntegration owner, int n, SyncState state, string flow = "ramp.bill→d365.vendor-invoice", string? summary = null,
        SyncErrorCategory? error = null, string? target = null, bool verify = false, DateTimeOffset? created = null, DateTimeOffset? updated = null) => new()
    {
        Id = Guid.CreateVersion7(), WorkspaceId = owner.WorkspaceId, IntegrationId = owner.Id, Flow = flow, SourceId = $"bill-{n:00000}",
        NaturalKey = $"hpus/V{n % 40:0000}/INV-{n:00000}", Summary = summary ?? $"Bill INV-{n:00000} · Vendor {n % 40} · {n * 10m:#,0.00} USD",
        State = state, ErrorCategory = error, ErrorMessage = error is null ? null : $"Problem {error}", TargetDocumentId = target, VerifyBeforePost = verify,
        CreatedAt = created ?? Start.AddMinutes(n), UpdatedAt = updated ?? Start.AddMinutes(n).AddSeconds(30), NextAttemptAt = Start,
        LeaseOwner = state == SyncState.InFlight ? "worker elsewhere" : null, LeaseExpiresAt = state == SyncState.InFlight ? DateTimeOffset.UtcNow.AddHours(1) : null,
    };

    public static async Task AddAsync(PortalHost host, TestIntegration owner, IEnumerable<SyncRecord> records)
    {
        await using var db = host.OpenDb(owner.WorkspaceId);
        foreach (var chunk in records.Chunk(500))
        {
            db.SyncRecords.AddRange(chunk);
            db.AuditEvents.AddRange(chunk.Select(r => new AuditEvent
            {
                WorkspaceId = r.WorkspaceId, IntegrationId = r.IntegrationId, RecordId = r.Id, At = r.CreatedAt, Action = AuditAction.Received,
                ToState = r.State, Actor = "seed", Message = "Received by seed.",
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
