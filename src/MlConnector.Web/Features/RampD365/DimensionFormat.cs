namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// A financial dimension format for integrating applications (contract §5): segment names in order, joined by the
/// delimiter. F&amp;O reads a display string by position, silently drops segments past the last and leaves missing ones
/// blank, so a string built for another format posts to the wrong dimensions without an error. Every string we send
/// is built here from named values, and anything F&amp;O would swallow is refused before posting.
/// </summary>
public sealed record DimensionFormat(IReadOnlyList<string> Segments, string Delimiter = "-")
{
    public const string MainAccount = "MainAccount";

    /// <summary>Null when <paramref name="text"/> is a usable format (set in <paramref name="format"/>), else why not.</summary>
    public static string? TryParse(string? text, out DimensionFormat? format)
    {
        format = null;
        if (string.IsNullOrWhiteSpace(text)) return "enter the segments in order, e.g. Department-CostCenter.";
        var segments = text.Split('-').Select(s => s.Trim()).ToList();
        if (segments.Any(s => s.Length == 0)) return $"'{text}' has an empty segment; separate segment names with single '-'.";
        var repeated = segments.GroupBy(s => s, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) return $"'{repeated.Key}' appears twice in '{text}'.";
        format = new DimensionFormat(segments);
        return null;
    }

    public static DimensionFormat Parse(string text) =>
        TryParse(text, out var format) is { } error ? throw new FormatException(error) : format!;

    public override string ToString() => string.Join(Delimiter, Segments);

    /// <summary>
    /// The display string for <paramref name="values"/> (segment name → value): every value in its segment's position,
    /// blanks for the others, trailing blanks left off. Null with <paramref name="problem"/> set when a value has no
    /// segment in this format (F&amp;O would drop it) or contains the delimiter (F&amp;O would split it into two segments).
    /// </summary>
    public string? Build(IReadOnlyDictionary<string, string> values, out string? problem)
    {
        problem = null;
        var unknown = values.Keys.Where(name => !Segments.Contains(name, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            problem = $"{string.Join(" and ", unknown)} {(unknown.Count == 1 ? "is" : "are")} coded in the source but not part of the dimension format " +
                $"'{this}'; Dynamics 365 would drop {(unknown.Count == 1 ? "it" : "them")} without an error.";
            return null;
        }
        var split = values.FirstOrDefault(v => v.Value.Contains(Delimiter, StringComparison.Ordinal));
        if (split.Key is not null)
        {
            problem = $"The {split.Key} value '{split.Value}' contains the segment delimiter '{Delimiter}'; Dynamics 365 would read it as two segments.";
            return null;
        }
        var byName = values.ToDictionary(v => v.Key, v => v.Value.Trim(), StringComparer.OrdinalIgnoreCase);
        var parts = Segments.Select(name => byName.GetValueOrDefault(name, "")).ToList();
        while (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        return string.Join(Delimiter, parts);
    }
}
