using System.Security.Cryptography;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// Ramp's error envelope: <c>error_v2</c> (code, message, per-field info, error id) plus the legacy
/// <c>error</c> key, which older clients still read. Every response also carries <c>x-trace-id</c>.
/// </summary>
internal static class RampErrors
{
    public const string Validation = "DEVELOPER_7001";
    public const string NotFound = "DEVELOPER_7002";
    // [inferred] No public code is known for a bad client or bearer token; 7003 is our pick for 401.
    public const string Unauthorized = "DEVELOPER_7003";
    public const string IdempotencyKeyExists = "DEVELOPER_7005";
    public const string NoJsonBody = "DEVELOPER_7011";
    public const string InsufficientScope = "DEVELOPER_7100";
    // [inferred] Codes for business-rule 400s (not ready, duplicate id, no connection) and for injected 429/5xx are
    // not public; these are our picks. Connectors should branch on the status and the known codes above.
    public const string InvalidRequest = "DEVELOPER_7000";
    public const string RateLimited = "DEVELOPER_7429";
    public const string ServerError = "DEVELOPER_7500";

    public const string TraceHeader = "x-trace-id";

    public static string NewTraceId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Sets <c>x-trace-id</c> once per response.</summary>
    public static void EnsureTraceId(HttpContext http)
    {
        if (!http.Response.Headers.ContainsKey(TraceHeader)) http.Response.Headers[TraceHeader] = NewTraceId();
    }

    public static IResult Error(int status, string code, string message, string? field = null)
    {
        object legacy = field is null
            ? new { message, details = new Dictionary<string, string>() }
            : new Dictionary<string, string[]> { [field] = [message] };
        var body = new
        {
            error_v2 = new
            {
                error_code = code,
                message,
                additional_info = field is null ? new Dictionary<string, string[]>() : new() { [field] = [message] },
                notes = "",
                error_id = Guid.NewGuid().ToString(),
            },
            error = legacy,
        };
        return Results.Json(body, RampJson.Options, statusCode: status);
    }

    /// <summary>422: the body or a query parameter does not match the schema.</summary>
    public static IResult Invalid(string field, string message) => Error(422, Validation, message, field);

    public static IResult BadRequest(string message, string? field = null) => Error(400, InvalidRequest, message, field);

    public static IResult NotFoundError(string what) => Error(404, NotFound, $"{what} not found");
}
