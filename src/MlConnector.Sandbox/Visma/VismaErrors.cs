using System.Text.Json;

namespace MlConnector.Sandbox.Visma;

/// <summary>Visma's error body (contract §9). Property names are PascalCase on the wire, as Visma sends them.</summary>
public sealed record IppException(
    string ExceptionType, string ExceptionMessage, string ExceptionFaultCode, string ExceptionMessageID, string ExceptionDetails);

/// <summary>Builds <see cref="IppException"/> answers. Fault codes other than 12027 are not documented: the
/// sandbox uses the HTTP status as the code, which keeps connectors from depending on made-up numbers.</summary>
internal static class VismaErrors
{
    public static readonly JsonSerializerOptions ErrorJson = new() { PropertyNamingPolicy = null };

    public static IResult Error(int status, string message, string? faultCode = null)
    {
        var code = faultCode ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new IppException("IPPException", message, code, $"{code}_{Guid.NewGuid()}", ""),
            ErrorJson, statusCode: status);
    }

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    /// <summary>401; messages mention "token" or "companyincontext" as Visma's do. Only a bad token gets the Bearer challenge.</summary>
    public static IResult Unauthorized(HttpContext http, string message, bool badToken = false)
    {
        if (badToken) http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Error(StatusCodes.Status401Unauthorized, message);
    }

    /// <summary>Missing scope. 403 is [inferred] in the contract (§9): the token is fine, the grant is not.</summary>
    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, message);

    /// <summary>429; <paramref name="resetSeconds"/> is when the whole quota is back (an injected fault: the retry time).</summary>
    public static IResult TooManyRequests(HttpContext http, int retryAfterSeconds, VismaRateLimit limit, int? resetSeconds = null)
    {
        VismaRateLimiter.WriteHeaders(http, limit, remaining: 0, resetSeconds: resetSeconds ?? retryAfterSeconds);
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests,
            $"API rate limit exceeded for this application and company. Retry after {retryAfterSeconds} seconds.");
    }

    /// <summary>Visma Connect is an OAuth server: its errors are RFC 6749 bodies, not IPPException.</summary>
    public static IResult OAuth(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
}

/// <summary>A request body that breaks the write conventions; turned into a 400 by the endpoints.</summary>
internal sealed class VismaValidationException(string message) : Exception(message);
