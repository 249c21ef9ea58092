using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// One OData operation, from an HTTP request or a <c>$batch</c> part. <see cref="Path"/> is relative to the
/// service root (<c>VendorsV2(dataAreaId='hpus',VendorAccountNumber='V00001')</c>); <see cref="ServiceRoot"/> is absolute.
/// </summary>
public sealed record ODataRequest(string Method, string Path, string Query, string Body, D365Client Caller, string ServiceRoot, bool Ieee754Compatible);

public sealed record ODataResponse(int Status, string Body = "", string? ContentType = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>The addressed resource: a set, optionally one entity by its full key, optionally <c>/$count</c>.</summary>
public sealed record ResourcePath(EntitySetDef Set, IReadOnlyDictionary<string, object?>? Key, bool CountOnly)
{
    public static ResourcePath Parse(string path)
    {
        var countOnly = path.EndsWith("/$count", StringComparison.Ordinal);
        if (countOnly) path = path[..^"/$count".Length];
        var open = path.IndexOf('(');
        var name = open < 0 ? path : path[..open];
        if (name.Contains('/')) throw ODataFault.BadRequest($"The sandbox serves no navigation or action path '{path}'.");
        var set = D365EntitySets.Find(name) ?? throw ODataFault.NotFound($"No HTTP resource was found that matches the request URI 'data/{path}'.");
        if (open < 0) return new ResourcePath(set, null, countOnly);
        if (!path.EndsWith(')')) throw ODataFault.BadRequest($"The key of '{path}' is not closed by ')'.");
        return new ResourcePath(set, ParseKey(set, path[(open + 1)..^1]), countOnly);
    }

    /// <summary>
    /// <c>dataAreaId='hpus',VendorAccountNumber='V00001'</c>. F&amp;O needs every key field (contract §2); a single-field
    /// key may be given positionally (<c>DimensionAttributes('Department')</c>).
    /// </summary>
    private static Dictionary<string, object?> ParseKey(EntitySetDef set, string text)
    {
        var key = new Dictionary<string, object?>();
        var i = 0;
        while (i < text.Length)
        {
            var equals = FindEquals(text, i);
            string name;
            if (equals < 0)
            {
                if (set.Keys.Count != 1 || key.Count > 0) throw MissingKeys(set);
                name = set.Keys[0];
            }
            else
            {
                name = text[i..equals].Trim();
                i = equals + 1;
            }
            if (!set.Keys.Contains(name)) throw ODataFault.BadRequest($"The key property '{name}' is not part of the key of '{set.Name}' ({string.Join(", ", set.Keys)}).");
            key[name] = ReadValue(text, ref i);
            if (i < text.Length && text[i] == ',') i++;
            else if (i < text.Length) throw ODataFault.BadRequest($"Bad key syntax in '{text}'.");
        }
        if (key.Count != set.Keys.Count) throw MissingKeys(set);
        return key;
    }

    private static int FindEquals(string text, int from)
    {
        for (var j = from; j < text.Length && text[j] != '\''; j++)
            if (text[j] == '=') return j;
        return -1;
    }

    private static object? ReadValue(string text, ref int i)
    {
        if (i < text.Length && text[i] == '\'')
        {
            var value = new System.Text.StringBuilder();
            i++;
            while (i < text.Length)
            {
                if (text[i] == '\'' && i + 1 < text.Length && text[i + 1] == '\'') { value.Append('\''); i += 2; continue; }
                if (text[i] == '\'') { i++; return value.ToString(); }
                value.Append(text[i++]);
            }
            throw ODataFault.BadRequest($"Unterminated string in key '{text}'.");
        }
        var start = i;
        while (i < text.Length && text[i] != ',') i++;
        return decimal.TryParse(text[start..i], NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw ODataFault.BadRequest($"Key values must be quoted strings or numbers: '{text[start..i]}'.");
    }

    private static ODataFault MissingKeys(EntitySetDef set) =>
        ODataFault.BadRequest($"The number of keys specified in the URI does not match number of key properties for the resource '{set.Name}': every key field is needed ({string.Join(", ", set.Keys)}).");
}

/// <summary>The system query options the sandbox understands, validated; anything else starting with <c>$</c> is a 400.</summary>
public sealed record QueryOptions(string? Filter, IReadOnlyList<string>? Select, int? Top, int Skip, bool Count, bool CrossCompany)
{
    private static readonly HashSet<string> Known = ["$filter", "$select", "$top", "$skip", "$count", "$orderby", "$format"];

    public static QueryOptions Parse(string query)
    {
        var values = QueryHelpers.ParseQuery(query);
        foreach (var name in values.Keys.Where(k => k.StartsWith('$')))
            if (!Known.Contains(name)) throw ODataFault.BadRequest($"The query parameter '{name}' is not supported by the sandbox.");
        string? One(string name) => values.TryGetValue(name, out var v) ? v.ToString() : null;
        var select = One("$select")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new QueryOptions(One("$filter"), select, Number(One("$top"), "$top"), Number(One("$skip"), "$skip") ?? 0,
            Flag(One("$count"), "$count"), Flag(One("cross-company"), "cross-company"));
    }

    private static int? Number(string? text, string name) => text is null
        ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ODataFault.BadRequest($"Invalid value '{text}' for {name}: a non-negative integer is expected.");

    private static bool Flag(string? text, string name) => text?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw ODataFault.BadRequest($"Invalid value '{text}' for {name}: true or false is expected."),
    };
}
