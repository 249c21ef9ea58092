namespace MlConnector.Web.Features.Files;

/// <summary>
/// A CSV file with a header row: RFC 4180 quoting (values may span lines), separated by <c>,</c> or <c>;</c> (tab and
/// <c>|</c> too) as CsvHelper detects it, or as an Excel <c>sep=</c> first line says. Each data row becomes a <see cref="FileRow"/> keyed by
/// <see cref="KeyColumns"/> whose snapshot holds every column; a bad row becomes errors naming its line and column.
/// </summary>
public sealed class DelimitedFileFormat : IInboundFileFormat
{
    public required string Name { get; init; }

    /// <summary>Columns the header must have and every row must fill. Key columns are required without being listed.</summary>
    public IReadOnlyList<string> RequiredColumns { get; init; } = [];

    /// <summary>The column, or columns together, that identify a row; a key seen twice in one file is an error on the later line.</summary>
    public required IReadOnlyList<string> KeyColumns { get; init; }

    /// <summary>
    /// When set, the only other columns allowed: any other column rejects the whole file, since an unknown column usually
    /// means the export template changed under us. When null, other columns are kept in the snapshot as they come.
    /// </summary>
    public IReadOnlyList<string>? OptionalColumns { get; init; }

    /// <summary>Columns whose values, joined, label the record; the key when null.</summary>
    public IReadOnlyList<string>? SummaryColumns { get; init; }

    /// <summary>The longest key a record can hold (<c>SyncRecords.SourceId</c>).</summary>
    public const int MaxKeyLength = 200;

    /// <summary>Every column the format names, key columns first.</summary>
    internal IReadOnlyList<string> Required => [.. KeyColumns, .. RequiredColumns.Except(KeyColumns, StringComparer.OrdinalIgnoreCase)];

    public ParsedFile Parse(string text) => new DelimitedFileReader(this).Read(text);
}
