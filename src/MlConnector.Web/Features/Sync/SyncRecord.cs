using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Sync;

/// <summary>Where a record stands (ARCHITECTURE.md, "Record states"). Every transition writes an <see cref="AuditEvent"/>.</summary>
public enum SyncState
{
    /// <summary>Due for work at <see cref="SyncRecord.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>A worker holds the lease; an expired lease makes the record claimable again.</summary>
    InFlight,

    /// <summary>The document exists in the target; the report back to the source is still due.</summary>
    Posted,

    /// <summary>Posted and reported back to the source.</summary>
    Confirmed,

    /// <summary>A mapping is missing; fixing it re-queues the record by itself.</summary>
    Blocked,

    /// <summary>A transient failure; tried again at <see cref="SyncRecord.NextAttemptAt"/>.</summary>
    RetryScheduled,

    /// <summary>Needs a person: validation, closed period, an unknown error, or retries exhausted.</summary>
    Failed,

    /// <summary>Nothing to post: a duplicate already in the target (linked), or out of scope.</summary>
    Skipped,
}

/// <summary>Who has to act on a failure.</summary>
public enum SyncErrorCategory
{
    /// <summary>Outage, throttling, timeout: the engine retries by itself.</summary>
    Transient,

    /// <summary>A source value has no target yet: finance maps it.</summary>
    MissingMapping,

    /// <summary>The target refused the document as it is (validation, closed period, inactive account): finance fixes the data.</summary>
    UserActionable,

    /// <summary>Credentials or settings are wrong: the integration paused itself; the owner fixes the connection.</summary>
    Configuration,

    /// <summary>Something we did not foresee: support looks it up by <see cref="SyncRecord.ErrorReference"/>.</summary>
    Integrator,
}

/// <summary>
/// One business document moving from a source to a target (a Ramp bill, a card transaction, a Stampli invoice row),
/// unique per integration, flow and source id, so every intake path (webhook, poll, file, replay) meets the same row.
/// </summary>
public sealed class SyncRecord : IWorkspaceOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }

    /// <summary>The <see cref="ISyncFlow.Name"/> that moves it.</summary>
    public required string Flow { get; set; }

    /// <summary>The document's id in the source system (a Ramp bill id, a file's row key).</summary>
    public required string SourceId { get; set; }

    /// <summary>What identifies the document in the target (e.g. legal entity + vendor account + invoice number).</summary>
    public string? NaturalKey { get; set; }

    /// <summary>A person's label for lists and messages: "Bill INV-1001 · Acme · 1,250.00 USD".</summary>
    public string? Summary { get; set; }

    public SyncState State { get; set; }
    public SyncErrorCategory? ErrorCategory { get; set; }

    /// <summary>The user-facing message; it is also what the source is told when the sync fails.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>What the person who fixes it should check.</summary>
    public string? ErrorHint { get; set; }

    /// <summary>For <see cref="SyncErrorCategory.Integrator"/> failures: the id support finds in the logs.</summary>
    public string? ErrorReference { get; set; }

    /// <summary>Attempts since the record last entered the queue (intake or replay reset it).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>
    /// An earlier write may have landed (it timed out after sending, a worker died holding the lease, or support replays):
    /// the next attempt looks the document up in the target by natural key before it may post.
    /// </summary>
    public bool VerifyBeforePost { get; set; }

    public string? TargetDocumentId { get; set; }

    /// <summary>The source document as last fetched (JSON); pruned after the retention period.</summary>
    public string? SourceSnapshot { get; set; }

    /// <summary>
    /// When <see cref="SourceSnapshot"/> came with the source's list page (a poll reads whole documents, not just ids):
    /// the next attempt may use it instead of reading the document again, if it is recent and nothing has said the
    /// document changed since (a webhook, a replay or any attempt clears it).
    /// </summary>
    public DateTimeOffset? SnapshotPolledAt { get; set; }

    /// <summary>What was (or would be) sent to the target (JSON); pruned after the retention period.</summary>
    public string? MappedPayload { get; set; }

    /// <summary>The mapping version the payload was built with (see MappingHistory.SnapshotAsync).</summary>
    public long? MappingVersion { get; set; }

    /// <summary>The outcome changed since the source was last told (a success to confirm, or a failure to show there).</summary>
    public bool ReportPending { get; set; }

    public DateTimeOffset? ReportedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PayloadsPrunedAt { get; set; }
}
