namespace MlConnector.Web.Features.Mappings;

/// <summary>One grid of an integration: the chart, a dimension, or vendors, with how much of it is mapped.</summary>
public sealed record MappingTab(MappingKind Kind, string Group, string Label, int Sources, int Mapped, int Suggested);

public enum MappingFilter { All, Unmapped, Mapped, WithSuggestion }

/// <summary>Sortable grid columns; anything else sorts by source code.</summary>
public enum MappingSort { SourceCode, SourceName, Confidence, ChangedAt }

public sealed record MappingQuery(
    MappingKind Kind, string Group, int Skip, int Take,
    string? Search = null, MappingFilter Filter = MappingFilter.All, MappingSort Sort = MappingSort.SourceCode, bool Descending = false);

/// <summary>A target as the grid shows it: code and name as the ERP last listed them, and whether it may be chosen.</summary>
public sealed record TargetOption(string Id, string Code, string Name, bool Active)
{
    public string Label => Code == Name || Name.Length == 0 ? Code : $"{Code} · {Name}";
}

public sealed record MappingRow(
    long Id, string SourceKey, string SourceCode, string SourceName, bool SourcePresent,
    TargetOption? Suggested, int Confidence, string? Reason,
    TargetOption? Target, string? ChangedBy, DateTimeOffset? ChangedAt, long Version)
{
    public string? TargetId => Target?.Id;
}

public sealed record MappingPage(IReadOnlyList<MappingRow> Rows, int Count);

/// <summary>Set (or, with a null target, clear) the mapping of one source value.</summary>
public sealed record MappingEdit(string SourceKey, string? TargetId);

/// <summary>Why one edit cannot be applied; <see cref="Line"/> is the CSV line when the edit came from a file.</summary>
public sealed record MappingError(int? Line, string SourceKey, string Message)
{
    public override string ToString() => Line is { } line ? $"Line {line}: {Message}" : $"{SourceKey}: {Message}";
}

/// <summary>
/// The outcome of a set of edits: applied together or not at all. <see cref="Released"/> are the held records
/// whose last missing mapping this change supplied: the sync engine re-queues exactly these.
/// </summary>
public sealed record MappingResult(IReadOnlyList<MappingError> Errors, int Changed, long Version, IReadOnlyList<string> Released)
{
    public bool Ok => Errors.Count == 0;
}
