using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlConnector.Web.Features.Records;

public enum DiffKind { Same, Removed, Added }

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>Pretty-printed JSON and a line diff between two versions of a payload (payloads are small: a longest common subsequence is fine).</summary>
public static class LineDiff
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON indented for reading; text that is not JSON as it is.</summary>
    public static string Pretty(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return "";
        try
        {
            return JsonNode.Parse(json)?.ToJsonString(Indented) ?? json;
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>The lines of <paramref name="after"/> against <paramref name="before"/>: kept, removed and added, in order.</summary>
    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        // Past this size the table would cost more than the page is worth; show the whole change instead.
        if ((long)a.Length * b.Length > 4_000_000)
            return [.. a.Select(l => new DiffLine(DiffKind.Removed, l)), .. b.Select(l => new DiffLine(DiffKind.Added, l))];
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        var lines = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { lines.Add(new(DiffKind.Same, a[x])); x++; y++; }
            else if (common[x + 1, y] >= common[x, y + 1]) lines.Add(new(DiffKind.Removed, a[x++]));
            else lines.Add(new(DiffKind.Added, b[y++]));
        }
        while (x < a.Length) lines.Add(new(DiffKind.Removed, a[x++]));
        while (y < b.Length) lines.Add(new(DiffKind.Added, b[y++]));
        return lines;
    }
}
