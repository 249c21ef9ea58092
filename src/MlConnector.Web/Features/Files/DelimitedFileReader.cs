using System.Text;
using System.Text.Json;
using CsvHelper;

namespace MlConnector.Web.Features.Files;

/// <summary>Reads one file for a <see cref="DelimitedFileFormat"/>: the header first, then every row on its own.</summary>
internal sealed class DelimitedFileReader(DelimitedFileFormat format)
{
    private readonly Dictionary<long, CsvMalformedReason> malformed = [];
    private readonly IReadOnlyList<string> required = format.Required;

    public ParsedFile Read(string text)
    {
        text = text.StartsWith('\uFEFF') ? text[1..] : text;
        using var reader = CsvReader.Create(new StringReader(text), new CsvReaderOptions
        {
            // Separator left to the reader: it weighs the first lines, header included, so a Nordic file's decimal commas do not
            // outvote its semicolons; an Excel "sep=;" first line decides outright and still counts as line 1.
            HasHeader = false, Separator = null, DetectSeparatorHint = true, TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            // Reported before the reader returns the record, so a row can be checked against it when it arrives.
            OnMalformedRecord = m => malformed.TryAdd(m.LineNumber, m.Reason),
        }, leaveOpen: false);
        if (!reader.Read()) return ParsedFile.Unreadable(new FileRowError(1, null, "The file is empty; expected a header row naming the columns."));
        var headerLine = (int)reader.LineNumber;
        var header = DelimitedHeader.Read(format, required, Fields(reader), headerLine, Broken(headerLine));
        if (header.Errors.Count > 0) return ParsedFile.Unreadable(header.Errors);

        var (rows, errors, firstLineOf, dataRows) = (new List<FileRow>(), new List<FileRowError>(), new Dictionary<string, int>(StringComparer.Ordinal), 0);
        while (reader.Read())
        {
            var (line, fields) = ((int)reader.LineNumber, Fields(reader));
            if (fields.All(string.IsNullOrWhiteSpace)) continue; // a blank line, or a spreadsheet's row of empty cells
            dataRows++;
            var before = errors.Count;
            if (Broken(line) is { } quoting)
            {
                errors.Add(new(line, null, quoting));
                continue;
            }
            if (fields.Length != header.Columns.Count)
            {
                errors.Add(FieldCount(line, fields.Length, header.Columns));
                continue;
            }
            foreach (var column in required)
            {
                if (string.IsNullOrWhiteSpace(fields[header.IndexOf(column)])) errors.Add(new(line, column, "The value is missing; this column is required."));
            }
            var key = Key(header, fields);
            if (key?.Length > DelimitedFileFormat.MaxKeyLength)
                errors.Add(new(line, KeyLabel, $"The key is {key.Length} characters long; at most {DelimitedFileFormat.MaxKeyLength} fit."));
            else if (key is not null && !firstLineOf.TryAdd(key, line))
                errors.Add(new(line, KeyLabel, $"Duplicate key '{key}': line {firstLineOf[key]} has the same key, so this row was not taken."));
            if (errors.Count == before) rows.Add(new FileRow(line, key!, Snapshot(header.Columns, fields), Summary(header, fields)));
        }
        if (dataRows == 0) errors.Add(new(headerLine, null, "The file has no rows below its header."));
        return new ParsedFile(rows, errors, dataRows);
    }

    private string KeyLabel => string.Join(" + ", format.KeyColumns);

    /// <summary>
    /// Quoting the reader had to guess at. A stray quote inside an unquoted value (<c>12" pipe</c>) is unambiguous and kept;
    /// text after a closing quote, or a quote never closed, would put a guess into the ledger.
    /// </summary>
    private string? Broken(int line) => malformed.GetValueOrDefault(line) switch
    {
        CsvMalformedReason.TextAfterClosingQuote =>
            "A quoted value is followed by more text before the next separator; quote the whole value and double any quote inside it (\"\").",
        CsvMalformedReason.UnterminatedQuote =>
            "A quoted value opened on this line is never closed, so the rest of the file was read as part of this row; nothing from here on was accepted.",
        _ => null,
    };

    private static FileRowError FieldCount(int line, int found, IReadOnlyList<string> columns) => found < columns.Count
        ? new(line, columns[found], $"Expected {columns.Count} fields, found {found}: the row ends before column '{columns[found]}'.")
        : new(line, null, $"Expected {columns.Count} fields, found {found}: the header names only {columns.Count} columns (the last is '{columns[^1]}').");

    /// <summary>The row's key: one column's value, or several joined by '/' with '%' and '/' escaped so two keys never meet.</summary>
    private string? Key(DelimitedHeader header, string[] fields)
    {
        var parts = format.KeyColumns.Select(c => fields[header.IndexOf(c)].Trim()).ToList();
        if (parts.Any(p => p.Length == 0)) return null;
        return parts.Count == 1 ? parts[0] : string.Join('/', parts.Select(p => p.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal)));
    }

    private string Summary(DelimitedHeader header, string[] fields) =>
        string.Join(" · ", (format.SummaryColumns ?? format.KeyColumns).Select(c => header.IndexOf(c)).Where(i => i >= 0)
            .Select(i => fields[i].Trim()).Where(v => v.Length > 0));

    private static string Snapshot(IReadOnlyList<string> columns, string[] fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var i = 0; i < columns.Count; i++) json.WriteString(columns[i], fields[i]);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string[] Fields(CsvReader reader) => Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
}
