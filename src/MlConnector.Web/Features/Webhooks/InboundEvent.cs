using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>
/// One webhook delivery as received, stored before it is answered, whether it was accepted or not: a forged or unsigned
/// delivery is kept with its reason. An accepted event is never truth, only a hint to read the object again; a second
/// delivery of one event (Ramp delivers at least once) meets the unique key and creates nothing.
/// </summary>
public sealed class InboundEvent : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }

    /// <summary>Who sent it (<see cref="WebhookProviders.Ramp"/>).</summary>
    public required string Provider { get; set; }

    /// <summary>
    /// The provider's event id (Ramp: the payload's <c>id</c>, equal to <c>X-Ramp-Webhook-ID</c>). Unique per integration
    /// and provider among accepted deliveries only: a forged delivery must not take the id of a real event that follows.
    /// </summary>
    public required string EventId { get; set; }

    /// <summary>E.g. <c>bills.approved</c>; null when the body did not say (or could not be read).</summary>
    public string? EventType { get; set; }

    /// <summary>The object the event concerns (<c>object.id</c>).</summary>
    public string? ObjectId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The signature checked out (or it is the handshake, which may come unsigned).</summary>
    public bool Accepted { get; set; }

    /// <summary>Why it was refused: unsigned, signature mismatch, too large, no subscription…</summary>
    public string? RejectReason { get; set; }

    /// <summary>The body as received; pruned by the retention job once the delivery is handled (or was refused).</summary>
    public string? RawBody { get; set; }

    /// <summary>When it was handed to the sync engine (or found to concern no flow). Null: still to do.</summary>
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>What handling it did, for a person: "bills.approved → test.ramp-bill-header: 1 new".</summary>
    public string? Outcome { get; set; }

    /// <summary>The last error while handling it; the backfill job tries again.</summary>
    public string? ProcessError { get; set; }

    /// <summary>Times handling was tried.</summary>
    public int Attempts { get; set; }
}

/// <summary>The webhook senders we take deliveries from.</summary>
public static class WebhookProviders
{
    public const string Ramp = "ramp";
}
