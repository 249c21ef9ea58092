using System.Collections.Concurrent;
using System.Security.Cryptography;
using MlConnector.Sandbox.Shared;

namespace MlConnector.Sandbox.Visma;

/// <summary>An app registered in the Visma Developer Portal: the scopes Visma approved and the tenants that activated it.</summary>
public sealed record VismaClient(string ClientId, string ClientSecret, IReadOnlyList<string> Scopes, IReadOnlyList<string> TenantIds);

/// <summary>What a bearer token stands for.</summary>
internal sealed record VismaGrant(string ClientId, string TenantId, IReadOnlySet<string> Scopes, int Generation, DateTimeOffset ExpiresAt);

/// <summary>
/// Visma Connect (<c>/connect/token</c>): client credentials with <c>tenant_id</c>, opaque bearer tokens of
/// one hour (contract §1). Tokens issued before "expire tokens now" (<see cref="SimulatorFaults.TokenGeneration"/>) are dead.
/// </summary>
internal sealed class VismaConnect(SimulatorFaults faults, TimeProvider clock)
{
    public const int TokenLifetimeSeconds = 3600;
    private const string ScopePrefix = "vismanet_erp_service_api:";

    private readonly ConcurrentDictionary<string, VismaClient> clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VismaGrant> tokens = new(StringComparer.Ordinal);

    public void Reset()
    {
        tokens.Clear();
        clients.Clear();
        Register(new VismaClient(VismaSandboxApp.ClientId, VismaSandboxApp.ClientSecret, VismaSandboxApp.AllScopes, VismaSandboxApp.AllTenants));
    }

    public void Register(VismaClient client) => clients[client.ClientId] = client;

    public VismaGrant? Find(string token) => tokens.GetValueOrDefault(token);

    public bool IsAlive(VismaGrant grant) =>
        grant.Generation == faults.TokenGeneration && grant.ExpiresAt > clock.GetUtcNow();

    public void Map(RouteGroupBuilder routes) => routes.MapPost("/connect/token", IssueAsync);

    private async Task<IResult> IssueAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
            return VismaErrors.OAuth(400, "invalid_request", "The request must be application/x-www-form-urlencoded.");
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials")
            return VismaErrors.OAuth(400, "unsupported_grant_type", "Only client_credentials is supported.");

        var (clientId, secret) = Credentials(request, form);
        if (clientId is null || !clients.TryGetValue(clientId, out var client) ||
            !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(secret ?? ""), System.Text.Encoding.UTF8.GetBytes(client.ClientSecret)))
            return VismaErrors.OAuth(401, "invalid_client", "Unknown client or wrong secret.");

        var tenant = form["tenant_id"].ToString();
        if (tenant.Length == 0) return VismaErrors.OAuth(400, "invalid_request", "tenant_id is required.");
        // A tenant that never activated the app (App Store): refused here, 401 as the issue asks.
        if (!client.TenantIds.Contains(tenant, StringComparer.OrdinalIgnoreCase))
            return VismaErrors.OAuth(401, "invalid_client", $"The client is not activated for tenant '{tenant}'.");

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.FirstOrDefault(s => !s.StartsWith(ScopePrefix, StringComparison.Ordinal) || !client.Scopes.Contains(s)) is { } bad)
            return VismaErrors.OAuth(400, "invalid_scope", $"Scope '{bad}' is not granted to this client.");
        // No scope asked for: everything Visma approved for the app (IdentityServer's default).
        var scopes = (requested.Length == 0 ? client.Scopes : requested).ToHashSet(StringComparer.Ordinal);

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        tokens[token] = new VismaGrant(client.ClientId, tenant.ToLowerInvariant(), scopes, faults.TokenGeneration,
            clock.GetUtcNow().AddSeconds(TokenLifetimeSeconds));
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["expires_in"] = TokenLifetimeSeconds,
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', scopes.Order(StringComparer.Ordinal)),
        });
    }

    /// <summary>Form fields, or HTTP Basic (client_secret_basic) as OAuth servers also accept.</summary>
    private static (string? Id, string? Secret) Credentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
                if (pair.Length == 2) return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
        return (form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }
}
