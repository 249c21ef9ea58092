using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace MlConnector.Sandbox.Ramp;

/// <summary>A Developer API app allowed to use client credentials, and the scopes it may request.</summary>
public sealed record RampApp(string ClientId, string ClientSecret, IReadOnlySet<string> AllowedScopes);

internal sealed record RampToken(string Value, string ClientId, IReadOnlySet<string> Scopes, int Generation, DateTimeOffset ExpiresAt);

/// <summary>
/// Client-credentials tokens: opaque <c>ramp_tok_…</c> values valid 10 days, rejected once "expire tokens now"
/// bumped the generation. Apps and tokens are configuration, so <see cref="RampSimulator.Reset"/> keeps them.
/// </summary>
internal sealed class RampAuth(Func<int> generation, TimeProvider clock)
{
    public const int ExpiresInSeconds = 864000;

    private readonly ConcurrentDictionary<string, RampApp> apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RampToken> tokens = new(StringComparer.Ordinal);

    public void Register(RampApp app) => apps[app.ClientId] = app;

    public static void Map(RouteGroupBuilder api, RampAuth auth)
    {
        api.MapPost("/token", (HttpRequest request) => auth.IssueAsync(request.HttpContext));
        api.MapPost("/token/revoke", (HttpRequest request) => auth.RevokeAsync(request.HttpContext));
    }

    /// <summary>The app authenticated by HTTP Basic (or, tolerated for old clients, by form fields), else null.</summary>
    private RampApp? Client(HttpRequest request, IFormCollection form)
    {
        // Basic is the documented way; some older clients post the credentials in the body, which Ramp tolerated.
        var (clientId, secret) = BasicCredentials(request) ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        return !string.IsNullOrEmpty(clientId) && apps.TryGetValue(clientId, out var app) &&
               CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(app.ClientSecret), Encoding.UTF8.GetBytes(secret ?? ""))
            ? app
            : null;
    }

    /// <summary>RFC 7009 style: 200 whether or not the token was known, so revocation cannot probe for tokens.</summary>
    private async Task<IResult> RevokeAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return RampErrors.Invalid("token", "Expected an application/x-www-form-urlencoded body");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (Client(http.Request, form) is not { } app) return RampErrors.Error(401, RampErrors.Unauthorized, "invalid_client: client authentication failed");
        var value = form["token"].ToString();
        if (value.Length == 0) return RampErrors.Invalid("token", "Missing data for required field.");
        // Only the app that got the token may revoke it.
        if (tokens.TryGetValue(value, out var token) && token.ClientId == app.ClientId) tokens.TryRemove(value, out _);
        return Results.Ok();
    }

    private async Task<IResult> IssueAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
            return RampErrors.Invalid("grant_type", "Expected an application/x-www-form-urlencoded body");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (Client(http.Request, form) is not { } app)
            return RampErrors.Error(401, RampErrors.Unauthorized, "invalid_client: client authentication failed");

        var grant = form["grant_type"].ToString();
        if (string.IsNullOrEmpty(grant)) return RampErrors.Invalid("grant_type", "Missing data for required field.");
        if (grant != "client_credentials")
            return RampErrors.Error(400, RampErrors.InvalidRequest, "unsupported_grant_type: only client_credentials is simulated", "grant_type");

        // An omitted scope gives a token with no scopes [code C3]; every requested scope must be allowed for the app.
        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var refused = requested.Where(s => !app.AllowedScopes.Contains(s)).ToList();
        if (refused.Count > 0)
            return RampErrors.Error(403, RampErrors.InsufficientScope, $"invalid_scope: not allowed for this app: {string.Join(' ', refused)}", "scope");

        var token = new RampToken("ramp_tok_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), app.ClientId,
            requested, generation(), clock.GetUtcNow().AddSeconds(ExpiresInSeconds));
        tokens[token.Value] = token;
        return Results.Json(new
        {
            access_token = token.Value,
            token_type = "Bearer",
            expires_in = ExpiresInSeconds,
            scope = string.Join(' ', requested.Order(StringComparer.Ordinal)),
        }, RampJson.Options);
    }

    private static (string Id, string? Secret)? BasicCredentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (decoded, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return ("", null);
        }
    }

    /// <summary>The bearer token of the request if it is valid now, else the 401 to answer.</summary>
    public (RampToken? Token, IResult? Error) Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, RampErrors.Error(401, RampErrors.Unauthorized, "Missing bearer token"));
        if (!tokens.TryGetValue(header["Bearer ".Length..].Trim(), out var token) || token.Generation != generation() ||
            token.ExpiresAt <= clock.GetUtcNow())
            return (null, RampErrors.Error(401, RampErrors.Unauthorized, "Invalid or expired access token"));
        return (token, null);
    }
}

/// <summary>Per-endpoint scope rules, taken from the <c>security</c> blocks of Ramp's OpenAPI document.</summary>
internal static class RampScopes
{
    public static readonly string[] All =
    [
        "accounting:read", "accounting:write", "bills:read", "bills:write", "business:read", "cashbacks:read", "entities:read",
        "purchase_orders:read", "purchase_orders:write", "reimbursements:read", "statements:read", "transactions:read",
        "transfers:read", "vendors:read", "vendors:write",
    ];

    /// <summary>401 without a valid bearer token; 403 when the token lacks <paramref name="scope"/> (null: any valid token).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, RampAuth auth, string? scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var (token, error) = auth.Authenticate(context.HttpContext.Request);
            if (error is not null) return error;
            if (scope is not null && !token!.Scopes.Contains(scope))
                return RampErrors.Error(403, RampErrors.InsufficientScope, $"Missing required scope: {scope}");
            context.HttpContext.Items[typeof(RampToken)] = token;
            return await next(context);
        });

    public static RampToken TokenOf(HttpContext http) => (RampToken)http.Items[typeof(RampToken)]!;
}
