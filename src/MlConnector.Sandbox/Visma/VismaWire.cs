using System.Globalization;
using System.Text.Json;

namespace MlConnector.Sandbox.Visma;

/// <summary>
/// Reads Visma's write DTOs, where every scalar is wrapped: <c>{"name":{"value":"Acme"}}</c> (contract §3).
/// A bare scalar is refused rather than accepted, so a connector that forgets the wrapping fails here
/// instead of silently writing nothing in the real ERP.
/// </summary>
internal static class VismaWire
{
    public static async Task<JsonElement> ReadBodyAsync(HttpRequest request)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new VismaValidationException("The request body must be a JSON object.");
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new VismaValidationException($"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The inner value of <paramref name="name"/>, or null when the field is absent or its value is null.</summary>
    public static JsonElement? Wrapped(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null) return null;
        if (field.ValueKind != JsonValueKind.Object || !field.TryGetProperty("value", out var value))
            throw new VismaValidationException($"Field '{name}' must be wrapped as {{\"value\": ...}}.");
        return value.ValueKind == JsonValueKind.Null ? null : value;
    }

    public static string? String(JsonElement body, string name) => Wrapped(body, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        _ => throw new VismaValidationException($"Field '{name}' must hold a string."),
    };

    public static decimal? Decimal(JsonElement body, string name) => Wrapped(body, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetDecimal(out var d) => d,
        { ValueKind: JsonValueKind.String } v when decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var s) => s,
        _ => throw new VismaValidationException($"Field '{name}' must hold a number."),
    };

    public static bool? Bool(JsonElement body, string name) => Wrapped(body, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new VismaValidationException($"Field '{name}' must hold true or false."),
    };

    public static DateOnly? Date(JsonElement body, string name)
    {
        var text = String(body, name);
        if (text is null) return null;
        // Visma sends and accepts "2026-05-01" or "2026-05-01T00:00:00"; the time part is ignored for dates.
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)) return DateOnly.FromDateTime(value);
        throw new VismaValidationException($"Field '{name}' must hold a date (yyyy-MM-dd).");
    }

    /// <summary>A wrapped object, e.g. <c>mainAddress:{value:{addressLine1:{value:…}}}</c>.</summary>
    public static JsonElement? Object(JsonElement body, string name) => Wrapped(body, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } v => v,
        _ => throw new VismaValidationException($"Field '{name}' must hold an object."),
    };

    /// <summary>A plain (unwrapped) array of objects such as <c>invoiceLines</c>.</summary>
    public static IReadOnlyList<JsonElement> Array(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null) return [];
        if (field.ValueKind != JsonValueKind.Array || field.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.Object))
            throw new VismaValidationException($"Field '{name}' must be an array of objects.");
        return [.. field.EnumerateArray()];
    }

    /// <summary>A line's <c>operation</c>, which Visma does not wrap.</summary>
    public static string Operation(JsonElement line) =>
        line.TryGetProperty("operation", out var op) && op.ValueKind == JsonValueKind.String ? op.GetString()! : "Insert";
}
