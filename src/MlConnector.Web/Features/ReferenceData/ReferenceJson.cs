using System.Text.Json;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>
/// Lenient reads of one property of a system's row: master data is read to be chosen from, so a missing or
/// oddly typed field becomes "" (or the fallback) rather than costing the whole pull.
/// </summary>
internal static class ReferenceJson
{
    public static string Text(JsonElement row, string property) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Number => value.GetRawText(),
                _ => "",
            }
            : "";

    public static bool Bool(JsonElement row, string property, bool fallback) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => fallback,
            }
            : fallback;

    /// <summary>The first non-empty of the properties, e.g. a code that may be unset and the id behind it.</summary>
    public static string FirstText(JsonElement row, params string[] properties) =>
        properties.Select(p => Text(row, p)).FirstOrDefault(t => t.Length > 0) ?? "";
}
