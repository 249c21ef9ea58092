using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.D365;

/// <summary>
/// Dynamics 365 F&amp;O OData. On a 401 the token is refreshed once and the call retried once (tokens can
/// expire early, or be revoked); a second 401 with a fresh token is F&amp;O refusing the app itself.
/// </summary>
public sealed class D365Client(HttpClient http, D365TokenSource tokens)
{
    /// <summary>GET <c>/data/{query}</c> and the <c>value</c> rows; a query outside the default company needs cross-company=true.</summary>
    public async Task<ConnectorResult<IReadOnlyList<JsonElement>>> GetRowsAsync(D365Credentials credentials, string query, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.GetTokenAsync(credentials, forceRefresh: attempt > 0, ct);
            if (!token.IsOk) return token.Failure!;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Root(credentials), query));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                request.Headers.Accept.ParseAdd("application/json;IEEE754Compatible=true");
                using var response = await http.SendAsync(request, ct);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0) continue;
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    return new ConnectorFailure(FailureKind.Auth, "Dynamics 365 refused a valid token from Microsoft Entra ID.",
                        "Register the app in F&O under System administration > Setup > Microsoft Entra applications (client ID, name and a user with the right roles), and check that user is enabled.",
                        StatusCode: 401);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                    return HttpFailureClassifier.Classify(response, $"Dynamics 365 answered {(int)response.StatusCode}: {ODataMessage(body) ?? response.ReasonPhrase}");
                using var json = JsonDocument.Parse(body);
                return ConnectorResult<IReadOnlyList<JsonElement>>.Ok(json.RootElement.GetProperty("value").EnumerateArray().Select(r => r.Clone()).ToList());
            }
            catch (Exception error) when (error is HttpRequestException or OutboundBlockedException or TaskCanceledException or TimeoutException)
            {
                return HttpFailureClassifier.Classify(error);
            }
        }
    }

    private static Uri Root(D365Credentials credentials) => new(credentials.EnvironmentUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/data/");

    private static string? ODataMessage(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
