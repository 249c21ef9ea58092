using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Integrations.Common;
using Microsoft.Extensions.Options;

namespace MlConnector.Web.Features.Sync;

/// <summary>Which call failed: reading the source, checking the target, or writing to it.</summary>
public enum SyncStage { Fetch, Verify, Post }

/// <summary>
/// Turns a classified connector failure into the record's next state (ARCHITECTURE.md, "Classify failures"):
/// transient → RetryScheduled with backoff (Retry-After first) until the attempts run out, then Failed;
/// permanent → Failed for finance; auth/configuration → the integration pauses, the record waits;
/// missing mapping → Blocked; anything unforeseen → Failed with a reference for support.
/// </summary>
internal sealed partial class SyncFailures(IOptions<SyncOptions> options, TimeProvider clock)
{
    /// <summary>How a failure to read the source document starts (the record timeline puts it in the source's lane).</summary>
    public const string FetchFailed = "Reading the document from the source failed";

    /// <summary>How an unforeseen error starts (the record timeline keeps it in ml-connector's lane).</summary>
    public const string UnexpectedError = "An unexpected error stopped this record";

    public void Apply(SyncLedger ledger, SyncRecord record, string actor, ConnectorFailure failure, SyncStage stage, Integration integration)
    {
        // A write that failed without a clear "not applied" (a timeout or 5xx after sending) may have landed.
        if (stage == SyncStage.Post && failure.Kind != FailureKind.RateLimited) record.VerifyBeforePost = true;
        var what = stage switch
        {
            SyncStage.Fetch => FetchFailed,
            SyncStage.Verify => "Looking the document up in the target failed",
            _ => "Posting to the target failed",
        };
        switch (failure.Kind)
        {
            case FailureKind.RateLimited or FailureKind.Transient when record.Attempts < options.Value.MaxAttempts:
                var delay = SyncRetry.Delay(record.Attempts, failure.RetryAfter, options.Value, Random.Shared.NextDouble());
                // From now, not from when the attempt began: a slow failure must still leave the full pause.
                record.NextAttemptAt = clock.GetUtcNow() + delay;
                Set(record, SyncErrorCategory.Transient, $"{what}: {failure.Message}", failure.Hint);
                ledger.Move(record, SyncState.RetryScheduled, AuditAction.RetryScheduled, actor,
                    $"{what} (attempt {record.Attempts} of {options.Value.MaxAttempts}): {failure.Message}. Next try in {Describe(delay)}" +
                    (failure.RetryAfter is { } after ? $" (the system asked for {Describe(after)})." : "."));
                break;
            case FailureKind.RateLimited or FailureKind.Transient:
                Set(record, SyncErrorCategory.Transient, $"{what} {record.Attempts} times; the last answer: {failure.Message}",
                    failure.Hint ?? "The system may be down. Replay the record once it is reachable again.");
                record.ReportPending = true;
                ledger.Move(record, SyncState.Failed, AuditAction.Failed, actor, record.ErrorMessage);
                break;
            case FailureKind.Auth or FailureKind.Configuration:
                // Nothing of this integration can work until a person fixes the connection: stop it, keep the record queued.
                record.Attempts = Math.Max(record.Attempts - 1, 0);
                record.NextAttemptAt = ledger.Now;
                Set(record, SyncErrorCategory.Configuration, $"{what}: {failure.Message}", failure.Hint);
                ledger.PauseIntegration(integration.Id, $"{failure.Message}{(failure.Hint is null ? "" : " " + failure.Hint)}");
                ledger.Move(record, SyncState.Pending, AuditAction.Paused, actor,
                    $"The integration paused itself: {failure.Message}. The record waits until the connection is fixed and the integration resumed.");
                break;
            default:
                Refuse(ledger, record, actor, failure.Message, failure.Hint);
                break;
        }
    }

    /// <summary>The target or the transform refused the document as it is: a person must change something.</summary>
    public void Refuse(SyncLedger ledger, SyncRecord record, string actor, string message, string? hint)
    {
        Set(record, SyncErrorCategory.UserActionable, message, hint ?? "Correct the document in the source (or the target's setup), then replay it.");
        record.ReportPending = true;
        ledger.Move(record, SyncState.Failed, AuditAction.Failed, actor, message);
    }

    public void Block(SyncLedger ledger, SyncRecord record, string actor, IReadOnlyList<MissingMapping> missing)
    {
        var names = missing.Select(m => $"{Describe(m.Kind, m.Group)} {m.SourceCode}{(string.IsNullOrEmpty(m.SourceName) || m.SourceName == m.SourceCode ? "" : $" ({m.SourceName})")}");
        var message = $"Waiting for a mapping: {string.Join("; ", names)} has no target yet.";
        Set(record, SyncErrorCategory.MissingMapping, message, "Map the value on the integration's Mappings page; the record is sent as soon as it is mapped.");
        record.ReportPending = true;
        ledger.Move(record, SyncState.Blocked, AuditAction.Blocked, actor, message,
            detail: System.Text.Json.JsonSerializer.Serialize(missing.Select(m => new { kind = m.Kind.ToString(), m.Group, key = m.SourceKey, code = m.SourceCode })));
    }

    public void Unexpected(SyncLedger ledger, SyncRecord record, string actor, Exception error, ILogger log)
    {
        var reference = "SR-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        LogUnexpected(log, error, record.Id, reference);
        Set(record, SyncErrorCategory.Integrator, $"{UnexpectedError} (support reference {reference}).",
            "Contact support with the reference; the record can be replayed once the cause is fixed.");
        record.ErrorReference = reference;
        record.ReportPending = true;
        ledger.Move(record, SyncState.Failed, AuditAction.Failed, actor, $"{record.ErrorMessage} {error.GetType().Name}: {error.Message}");
    }

    public static void Clear(SyncRecord record) => (record.ErrorCategory, record.ErrorMessage, record.ErrorHint, record.ErrorReference) = (null, null, null, null);

    private static void Set(SyncRecord record, SyncErrorCategory category, string message, string? hint)
    {
        record.ErrorCategory = category;
        record.ErrorMessage = SyncLedger.Clip(message, 2000);
        record.ErrorHint = SyncLedger.Clip(hint, 1000);
        record.ErrorReference = null;
    }

    private static string Describe(MappingKind kind, string group) => kind switch
    {
        MappingKind.GlAccount => "GL account",
        MappingKind.Vendor => "vendor",
        _ => string.IsNullOrEmpty(group) ? "dimension value" : $"{group} value",
    };

    private static string Describe(TimeSpan delay) =>
        delay < TimeSpan.FromMinutes(2) ? $"{Math.Ceiling(delay.TotalSeconds):0} s" : delay < TimeSpan.FromHours(2) ? $"{delay.TotalMinutes:0} min" : $"{delay.TotalHours:0.#} h";

    [LoggerMessage(Level = LogLevel.Error, Message = "Record {RecordId} failed unexpectedly; support reference {Reference}")]
    private static partial void LogUnexpected(ILogger log, Exception error, Guid recordId, string reference);
}
