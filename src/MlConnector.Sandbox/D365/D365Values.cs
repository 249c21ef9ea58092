using System.Globalization;
using System.Text.Json;

namespace MlConnector.Sandbox.D365;

/// <summary>Comparing and converting property values. Strings compare case-insensitively, like F&amp;O's SQL collation.</summary>
internal static class D365Values
{
    public static bool KeyEquals(object? a, object? b) => Compare(a, b) == 0;

    /// <summary>Orders two values of one property; null sorts first, mixed kinds compare as text.</summary>
    public static int Compare(object? a, object? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        if (ToDecimal(a) is { } x && ToDecimal(b) is { } y) return x.CompareTo(y);
        if (a is DateTimeOffset da && b is DateTimeOffset db) return da.CompareTo(db);
        return string.Compare(Text(a), Text(b), StringComparison.OrdinalIgnoreCase);
    }

    public static decimal? ToDecimal(object? value) => value switch
    {
        decimal d => d,
        int i => i,
        long l => l,
        _ => null,
    };

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A JSON body value as the property's kind; numbers may come as strings (IEEE754Compatible).</summary>
    public static object? FromJson(EntitySetDef set, PropertyDef property, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        object? value = (property.Kind, json.ValueKind) switch
        {
            (PropKind.String or PropKind.Enum, JsonValueKind.String) => json.GetString(),
            (PropKind.Decimal, JsonValueKind.Number) => json.GetDecimal(),
            (PropKind.Decimal, JsonValueKind.String) when decimal.TryParse(json.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
            (PropKind.Int, JsonValueKind.Number) when json.TryGetInt64(out var l) => l,
            (PropKind.Int, JsonValueKind.String) when long.TryParse(json.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            (PropKind.Date, JsonValueKind.String) when ParseDate(json.GetString()!) is { } date => date,
            _ => Invalid,
        };
        if (ReferenceEquals(value, Invalid))
            throw ODataFault.BadRequest($"Cannot convert the literal '{json.GetRawText()}' to the expected type of property '{property.Name}' on '{set.Name}'.");
        return value;
    }

    public static DateTimeOffset? ParseDate(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;

    private static readonly object Invalid = new();
}
