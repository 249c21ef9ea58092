using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.Records;

/// <summary>Which timestamp the explorer's date range applies to.</summary>
public enum RecordDateField { UpdatedAt, CreatedAt }

/// <summary>The orders the explorer offers: both are served straight from an index at any size (sorting 100,000 summaries is not).</summary>
public enum RecordSort { UpdatedAt, CreatedAt }

/// <summary>
/// The explorer's filter. The same filter counts, pages and (for "replay all matching") selects records, so what support
/// sees counted is what is replayed. Dates are instants; <see cref="To"/> is exclusive.
/// </summary>
public sealed record RecordFilter
{
    public Guid? IntegrationId { get; init; }
    public SyncState? State { get; init; }
    public string? Flow { get; init; }
    public SyncErrorCategory? ErrorCategory { get; init; }
    public RecordDateField DateField { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>Invoice number, vendor, amount, source id, natural key or target document id (a substring, any case).</summary>
    public string? Text { get; init; }

    public static RecordFilter All { get; } = new();
}

/// <summary>One grid row: what identifies the record and where it stands; no payloads.</summary>
public sealed record RecordRow(Guid Id, Guid IntegrationId, string Flow, string SourceId, string? Summary, SyncState State,
    SyncErrorCategory? ErrorCategory, string? ErrorMessage, int Attempts, string? TargetDocumentId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record RecordPage(IReadOnlyList<RecordRow> Rows, int Count);

/// <summary>An integration as the filter offers it.</summary>
public sealed record RecordIntegration(Guid Id, string Name, MlConnector.Web.Features.Integrations.IntegrationKind Kind);
