using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Sync;

/// <summary>A source document as fetched now (never as a webhook described it).</summary>
/// <param name="Snapshot">The document as JSON, kept on the record.</param>
/// <param name="NaturalKey">What identifies it in the target; the lookup before any post uses it.</param>
/// <param name="Summary">A person's label: "Bill INV-1001 · Acme · 1,250.00 USD".</param>
/// <param name="SkipReason">Set when there is nothing to post (e.g. no longer ready to sync in the source).</param>
public sealed record SourceDocument(string Snapshot, string? NaturalKey, string Summary, string? SkipReason = null);

/// <summary>A document a poll found: its id and, when the list page had it whole, the document as read just now.</summary>
public sealed record PolledDocument(string SourceId, string? Snapshot = null);

/// <summary>
/// The result of mapping a source document: a payload (with the natural key it has in the target), the mappings it
/// lacks, or data a person must fix.
/// </summary>
public sealed record FlowMapping(string? Payload, IReadOnlyList<MissingMapping> Missing, string? Invalid = null, string? Hint = null, string? NaturalKey = null)
{
    public static FlowMapping Ready(string payload, string? naturalKey = null) => new(payload, [], NaturalKey: naturalKey);

    public static FlowMapping Lacks(IReadOnlyList<MissingMapping> missing) => new(null, missing);

    public static FlowMapping Refused(string message, string? hint = null) => new(null, [], message, hint);
}

/// <summary>A document in the target: the one we created, or one that was already there (<paramref name="AlreadyExisted"/>).</summary>
/// <param name="Detail">Redacted request/response summary for the trail.</param>
public sealed record PostOutcome(string DocumentId, bool AlreadyExisted = false, string? Detail = null);

/// <summary>
/// The source half of a flow: which events and queues feed it and how a document is read. Shared by every flow that
/// starts from the same kind of source document (a Ramp bill goes to D365 or to Visma).
/// </summary>
public interface ISyncSource
{
    /// <summary>Webhook event types (e.g. <c>bills.approved</c>) that mean "look at this object again".</summary>
    bool Handles(string eventType);

    /// <summary>
    /// What waits in the source's ready queue: the scheduled poll, and the backfill for missed webhooks. A source whose list
    /// pages carry whole documents returns them too, so the first attempt need not read each one again.
    /// </summary>
    Task<ConnectorResult<IReadOnlyList<PolledDocument>>> PollAsync(FlowContext context, CancellationToken ct);

    /// <summary>
    /// Reads the document from the source by <see cref="SyncRecord.SourceId"/>. A file source, whose truth is the file row,
    /// returns the record's stored snapshot.
    /// </summary>
    Task<ConnectorResult<SourceDocument>> FetchAsync(FlowContext context, SyncRecord record, CancellationToken ct);

    /// <summary>The source's name for this outcome when reporting back (Ramp's <c>sync_type</c>), or null when nothing is reported.</summary>
    string? ReportType { get; }
}

/// <summary>
/// One way documents move for an integration kind (Ramp bills → D365 vendor invoices). The engine owns states, leases,
/// retries, audit and reporting; a flow only reads, maps, looks up and posts, each call returning a classified result.
/// </summary>
public interface ISyncFlow
{
    /// <summary>Stored on each record; stable once records exist.</summary>
    string Name { get; }

    IntegrationKind Kind { get; }

    ISyncSource Source { get; }

    /// <summary>Whether the customer has this flow on for <paramref name="integration"/>: an off flow takes nothing in (no polls, no webhooks).</summary>
    bool IsOn(Integration integration) => true;

    /// <summary>Pure: source document + mappings → the target payload, or what is missing.</summary>
    FlowMapping Map(FlowContext context, SourceDocument document, MappingSnapshot mappings);

    /// <summary>The target's id of the document with this natural key, or null when there is none.</summary>
    Task<ConnectorResult<string?>> FindAsync(FlowContext context, SyncRecord record, CancellationToken ct);

    /// <summary>
    /// Creates the documents of every record of a worked batch that got this far (from <see cref="SyncRecord.MappedPayload"/>),
    /// one result per record in order. A target that takes several documents in one request (D365's <c>$batch</c>) sends
    /// far fewer calls than documents; one that does not posts them one by one, in parallel.
    /// </summary>
    Task<IReadOnlyList<ConnectorResult<PostOutcome>>> PostAllAsync(FlowContext context, IReadOnlyList<SyncRecord> records, CancellationToken ct);
}

/// <summary>
/// What a flow call may use: the integration, and services scoped to its workspace. One context serves a batch whose
/// records run in parallel, so flows reach the database through <c>IDbContextFactory</c>, never a shared context.
/// </summary>
public sealed class FlowContext(Integration integration, IServiceProvider services)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<object>>> opened = new();

    public Integration Integration => integration;

    public IServiceProvider Services => services;

    /// <summary>
    /// Something opened once per batch and shared by its records (a Ramp session, D365 credentials). Records of several
    /// flows share a batch, so the type is part of the key: two flows naming the same key for different things get two.
    /// </summary>
    public async Task<T> OnceAsync<T>(string key, Func<Task<T>> open) where T : notnull =>
        (T)await opened.GetOrAdd($"{typeof(T).FullName}/{key}", _ => new Lazy<Task<object>>(async () => await open())).Value;
}
