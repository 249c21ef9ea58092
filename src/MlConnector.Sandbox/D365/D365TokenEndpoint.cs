using System.Text;
using System.Text.Json;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/token</c> (scope=&lt;env&gt;/.default) and the v1 <c>/{tenant}/oauth2/token</c>
/// (resource=&lt;env&gt;), client credentials only, answering errors in Entra's JSON shape with AADSTS codes.
/// Tokens are issued for this environment and for any other <c>*.operations.dynamics.com</c> environment — the latter
/// then get 401 from this one, which is how tests produce a wrong-audience token.
/// </summary>
internal static class D365TokenEndpoint
{
    public static void Map(RouteGroupBuilder routes, D365Simulator simulator)
    {
        routes.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext http, string tenant) => Issue(http, tenant, simulator, v2: true));
        routes.MapPost("/{tenant}/oauth2/token", (HttpContext http, string tenant) => Issue(http, tenant, simulator, v2: false));
        // What MSAL may ask for when its authority is pointed here instead of login.microsoftonline.com.
        routes.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpContext http, string tenant) =>
            simulator.Tokens.KnowsTenant(tenant)
                ? Results.Json(OpenIdConfiguration(simulator.BaseUrl(http), tenant))
                : Error(400, "invalid_tenant", 90002, $"Tenant '{tenant}' not found."));
        routes.MapGet("/common/discovery/instance", (HttpContext http) => Results.Json(new Dictionary<string, object>
        {
            ["tenant_discovery_endpoint"] = $"{simulator.BaseUrl(http)}/{{tenant}}/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new[] { new Dictionary<string, object> { ["preferred_network"] = http.Request.Host.Value ?? "", ["preferred_cache"] = http.Request.Host.Value ?? "", ["aliases"] = new[] { http.Request.Host.Value ?? "" } } },
        }));
    }

    private static Dictionary<string, object> OpenIdConfiguration(string baseUrl, string tenant) => new()
    {
        ["token_endpoint"] = $"{baseUrl}/{tenant}/oauth2/v2.0/token",
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["issuer"] = $"https://login.microsoftonline.com/{tenant}/v2.0",
        ["authorization_endpoint"] = $"{baseUrl}/{tenant}/oauth2/v2.0/authorize",
        ["jwks_uri"] = $"{baseUrl}/{tenant}/discovery/v2.0/keys",
        ["response_types_supported"] = new[] { "code", "id_token", "token" },
        ["subject_types_supported"] = new[] { "pairwise" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["grant_types_supported"] = new[] { "client_credentials" },
        ["tenant_region_scope"] = "EU",
    };

    private static async Task<IResult> Issue(HttpContext http, string tenant, D365Simulator simulator, bool v2)
    {
        if (!http.Request.HasFormContentType) return Error(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var (clientId, secret) = Credentials(http, form);
        if (tenant is "common" or "organizations" or "consumers")
            return Error(400, "invalid_request", 50059, "No tenant-identifying information found in either the request or implied by any provided credentials. Use the tenant endpoint.");
        if (!simulator.Tokens.KnowsTenant(tenant)) return Error(400, "invalid_request", 90002, $"Tenant '{tenant}' not found.");
        if (form["grant_type"].ToString() != "client_credentials")
            return Error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type; the sandbox only grants client_credentials.");
        if (string.IsNullOrEmpty(clientId)) return Error(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
        var client = simulator.Tokens.Find(clientId);
        if (client is null || !string.Equals(client.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
            return Error(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenant}'.");
        if (secret != client.ClientSecret)
            return Error(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");

        var requested = v2 ? form["scope"].ToString() : form["resource"].ToString();
        if (v2 && !requested.EndsWith("/.default", StringComparison.OrdinalIgnoreCase))
            return Error(400, "invalid_scope", 1002012, $"The provided value for scope {requested} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
        var audience = D365Tokens.NormalizeAudience(v2 ? requested[..^"/.default".Length] : requested);
        if (!simulator.AudiencesFor(http).Contains(audience) && !IsOperationsHost(audience))
            return Error(400, "invalid_resource", 500011, $"The resource principal named {audience} was not found in the tenant named {tenant}.");

        var settings = simulator.Settings;
        var token = simulator.Tokens.Issue(client, audience, settings.TokenLifetime, simulator.Faults.TokenGeneration);
        var seconds = (long)settings.TokenLifetime.TotalSeconds;
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = seconds,
            ["ext_expires_in"] = seconds,
            ["access_token"] = token,
        });
    }

    /// <summary>client_secret_post (what MSAL sends) or client_secret_basic.</summary>
    private static (string? ClientId, string? Secret) Credentials(HttpContext http, IFormCollection form)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
                if (pair.Length == 2) return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private static bool IsOperationsHost(string audience) =>
        Uri.TryCreate(audience, UriKind.Absolute, out var uri) && uri.Scheme == "https" &&
        uri.Host.EndsWith(".operations.dynamics.com", StringComparison.OrdinalIgnoreCase) && uri.AbsolutePath == "/";

    internal static IResult Error(int status, string error, int code, string description)
    {
        var now = DateTimeOffset.UtcNow;
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: {Guid.NewGuid()} Correlation ID: {Guid.NewGuid()} Timestamp: {now:yyyy-MM-dd HH:mm:ssZ}",
            ["error_codes"] = new[] { code },
            ["timestamp"] = now.ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["trace_id"] = Guid.NewGuid().ToString(),
            ["correlation_id"] = Guid.NewGuid().ToString(),
        });
        return Results.Content(body, "application/json; charset=utf-8", Encoding.UTF8, status);
    }
}
