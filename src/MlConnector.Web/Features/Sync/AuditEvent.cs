using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Sync;

/// <summary>What happened to a record; the trail reads like "received, fetched, blocked, mapped, posted, confirmed".</summary>
public enum AuditAction
{
    Received,
    Requeued,
    Fetched,
    Mapped,
    Blocked,
    Released,
    Posted,
    Linked,
    Skipped,
    RetryScheduled,
    Failed,
    Paused,
    Reported,
    Confirmed,
    Replayed,
    LeaseExpired,
}

/// <summary>
/// One append-only entry of a record's trail. <see cref="Message"/> is the summary kept for good; <see cref="Detail"/>
/// holds redacted request/response summaries and is pruned with the payloads after the retention period.
/// </summary>
public sealed class AuditEvent : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public Guid RecordId { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditAction Action { get; set; }
    public SyncState? FromState { get; set; }
    public SyncState ToState { get; set; }

    /// <summary>"system", "webhook", "poll", or the user who acted (replays).</summary>
    public required string Actor { get; set; }

    public string? Message { get; set; }
    public string? Detail { get; set; }
    public int? DurationMs { get; set; }
}
