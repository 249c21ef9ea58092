using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// Entra ID in miniature: app registrations, client-credentials tokens (JWT-shaped, HMAC-signed with a key that
/// lives as long as the simulator) and their validation by the OData endpoint (contract §1).
/// </summary>
public sealed class D365Tokens(TimeProvider clock)
{
    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, D365Client> clients = new(StringComparer.OrdinalIgnoreCase);

    public void Reset()
    {
        clients.Clear();
        Register(new D365Client(D365SandboxApp.TenantId, D365SandboxApp.ClientId, D365SandboxApp.ClientSecret, D365SandboxApp.DefaultCompany));
    }

    public void Register(D365Client client) => clients[client.ClientId] = client;

    public D365Client? Find(string clientId) => clients.GetValueOrDefault(clientId);

    public bool KnowsTenant(string tenant) => clients.Values.Any(c => string.Equals(c.TenantId, tenant, StringComparison.OrdinalIgnoreCase));

    public string Issue(D365Client client, string audience, TimeSpan lifetime, int generation)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = $"https://sts.windows.net/{client.TenantId}/",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["appid"] = client.ClientId,
            ["oid"] = ObjectId(client.ClientId),
            ["sub"] = ObjectId(client.ClientId),
            ["tid"] = client.TenantId,
            ["ver"] = "1.0",
            // Sandbox-only: lets "expire tokens now" revoke every token issued before it.
            ["sandbox_gen"] = generation,
        };
        var unsigned = $"{Base64Url("""{"typ":"JWT","alg":"HS256"}"""u8.ToArray())}.{Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
        return $"{unsigned}.{Base64Url(HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(unsigned)))}";
    }

    /// <summary>The caller a bearer token stands for, or why it is refused (the 401's error_description).</summary>
    public (D365Client? Caller, string Problem) Validate(string? authorization, IReadOnlyCollection<string> audiences, int generation)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return (null, "");
        var parts = authorization["Bearer ".Length..].Trim().Split('.');
        if (parts.Length != 3) return (null, "The access token is malformed.");
        var expected = Base64Url(HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}")));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2])))
            return (null, "The access token signature is invalid.");
        JsonElement claims;
        try
        {
            claims = JsonDocument.Parse(FromBase64Url(parts[1])).RootElement;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return (null, "The access token is malformed.");
        }
        if (claims.GetProperty("exp").GetInt64() <= clock.GetUtcNow().ToUnixTimeSeconds()) return (null, "The access token has expired.");
        if (claims.GetProperty("sandbox_gen").GetInt32() != generation) return (null, "The access token has expired.");
        var audience = NormalizeAudience(claims.GetProperty("aud").GetString() ?? "");
        if (!audiences.Contains(audience)) return (null, $"The audience '{audience}' is invalid for this environment.");
        var client = Find(claims.GetProperty("appid").GetString() ?? "");
        if (client is null || !string.Equals(client.TenantId, claims.GetProperty("tid").GetString(), StringComparison.OrdinalIgnoreCase))
            return (null, "The token's tenant or application is not known here.");
        if (!client.RegisteredInFinance) return (null, "The application is not registered in Microsoft Entra applications of this environment.");
        return (client, "");
    }

    /// <summary>Audiences compare case-insensitively, without a trailing slash (contract §1).</summary>
    public static string NormalizeAudience(string url) => url.Trim().TrimEnd('/').ToLowerInvariant();

    private static string ObjectId(string clientId) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(clientId)).AsSpan(0, 16)).ToString();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
