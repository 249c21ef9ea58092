using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlConnector.Sandbox.Ramp;

/// <summary>Serialisation and the small request-body helpers every Ramp endpoint uses.</summary>
internal static class RampJson
{
    /// <summary>Response objects are anonymous types already named in snake_case; nulls are written (Ramp sends them).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = null };

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static string Timestamp(DateOnly day) => Timestamp(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>Minor units: every currency the sandbox company uses (USD, GBP, NOK) has two decimals.</summary>
    public static long Minor(decimal major) => (long)Math.Round(major * 100m, MidpointRounding.AwayFromZero);

    public static object Money(decimal major, string currency) => new { amount = Minor(major), currency_code = currency };

    /// <summary>The JSON object body (empty on error), or the error Ramp gives for no body (7011) or one that is not an object (422).</summary>
    public static async Task<(JsonObject Body, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        string text;
        using (var reader = new StreamReader(request.Body)) text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
            return ([], RampErrors.Error(400, RampErrors.NoJsonBody, "The request does not contain a JSON body"));
        try
        {
            return JsonNode.Parse(text) is JsonObject body
                ? (body, null)
                : ([], RampErrors.Invalid("body", "Expected a JSON object"));
        }
        catch (JsonException)
        {
            return ([], RampErrors.Invalid("body", "Malformed JSON"));
        }
    }

    public static string? String(this JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static bool? Bool(this JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    /// <summary>A query flag: "true"/"false" (any case); anything else counts as absent.</summary>
    public static bool? QueryBool(this HttpRequest request, string name) =>
        bool.TryParse(request.Query[name].ToString(), out var flag) ? flag : null;

    public static string? Query(this HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values.ToString()) ? values.ToString() : null;
}
