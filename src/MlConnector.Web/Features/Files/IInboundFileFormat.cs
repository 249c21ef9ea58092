namespace MlConnector.Web.Features.Files;

/// <summary>One good row of a file: the document the sync engine will track.</summary>
/// <param name="Line">The physical line of the file where the row starts (1-based, the header counted).</param>
/// <param name="SourceId">The row's key, unique within the file; the record's <c>SourceId</c>.</param>
/// <param name="Snapshot">The row as a JSON object of column → value; the record's source snapshot.</param>
/// <param name="Summary">A person's label for the record.</param>
public sealed record FileRow(int Line, string SourceId, string Snapshot, string Summary);

/// <summary>Why a row (or, on the header's line, the whole file) was not accepted.</summary>
/// <param name="Column">The column at fault, when one is.</param>
public sealed record FileRowError(int Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"Line {Line}: {Message}" : $"Line {Line}, column '{Column}': {Message}";
}

/// <summary>A file read by a format: its good rows, the problems, and how many data rows it had.</summary>
public sealed record ParsedFile(IReadOnlyList<FileRow> Rows, IReadOnlyList<FileRowError> Errors, int DataRows)
{
    public InboundFileState State => Rows.Count == 0 ? InboundFileState.Rejected
        : Errors.Count > 0 ? InboundFileState.PartlyAccepted
        : InboundFileState.Accepted;

    /// <summary>A file with no readable rows at all (no text, no header): every reason on its own line.</summary>
    public static ParsedFile Unreadable(params IReadOnlyList<FileRowError> errors) => new([], errors, 0);
}

/// <summary>
/// How the rows of one kind of file are read (Stampli's invoice export, its payment status file). Pure: text in,
/// rows and row errors out; a bad row never stops the others from being read.
/// </summary>
public interface IInboundFileFormat
{
    /// <summary>Stored as the file's <see cref="InboundFile.Source"/>, e.g. <c>stampli-invoices</c>.</summary>
    string Name { get; }

    ParsedFile Parse(string text);
}
