using System.Text.Json;

namespace MlConnector.Web.Features.Sync.Ramp;

/// <summary>Reads of one string property of a Ramp object, shared by the Ramp sources and mappings.</summary>
public static class RampJson
{
    /// <summary>The property's string as sent (empty included), or null when it is absent or not a string.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The property's string when it has one that is not empty, else null.</summary>
    public static string? NonEmpty(JsonElement element, string name) => Text(element, name) is { Length: > 0 } text ? text : null;
}
