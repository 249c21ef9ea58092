namespace MlConnector.Web.Features.Files;

/// <summary>
/// A file's header checked against its format: the column names (the format's spelling where a header matches one,
/// ignoring case and surrounding spaces) or every reason the file cannot be read. Header problems reject the whole file.
/// </summary>
internal sealed class DelimitedHeader
{
    private readonly Dictionary<string, int> index;

    private DelimitedHeader(IReadOnlyList<string> columns, IReadOnlyList<FileRowError> errors)
    {
        Columns = columns;
        Errors = errors;
        index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++) index.TryAdd(columns[i], i);
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<FileRowError> Errors { get; }

    public int IndexOf(string column) => index.GetValueOrDefault(column, -1);

    public static DelimitedHeader Read(DelimitedFileFormat format, IReadOnlyList<string> required, string[] cells, int line, string? brokenQuoting)
    {
        if (brokenQuoting is not null) return new([], [new(line, null, $"The header cannot be read: {brokenQuoting}")]);
        var names = cells.Select(c => c.Trim()).ToList();
        var missing = required.Where(r => !names.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        // A file that starts with data would otherwise get one complaint per column; say what is wrong once.
        if (missing.Count > 1 && missing.Count == required.Count)
            return new([], [new(line, null, $"The first line is not a header: it names none of the columns {string.Join(", ", missing)}. The first line must name the columns.")]);

        var known = required.Concat(format.OptionalColumns ?? []).ToList();
        var columns = new List<string>();
        var errors = new List<FileRowError>();
        for (var i = 0; i < names.Count; i++)
        {
            var canonical = known.FirstOrDefault(k => string.Equals(k, names[i], StringComparison.OrdinalIgnoreCase));
            if (names[i].Length == 0)
                errors.Add(new(line, null, $"Column {i + 1} of the header has no name."));
            else if (columns.Contains(canonical ?? names[i], StringComparer.OrdinalIgnoreCase))
                errors.Add(new(line, names[i], "The header names this column twice."));
            else if (canonical is null && format.OptionalColumns is not null)
                errors.Add(new(line, names[i], $"Unknown column. The columns of a {format.Name} file are: {string.Join(", ", known)}."));
            columns.Add(canonical ?? names[i]);
        }
        errors.AddRange(missing.Select(m => new FileRowError(line, m, "The header lacks this required column.")));
        return new(columns, errors);
    }
}
