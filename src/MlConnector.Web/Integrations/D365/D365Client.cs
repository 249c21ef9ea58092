using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.D365;

/// <summary>
/// Dynamics 365 F&amp;O OData. On a 401 the token is refreshed once and the call retried once (tokens can
/// expire early, or be revoked); a second 401 with a fresh token is F&amp;O refusing the app itself.
/// </summary>
public sealed partial class D365Client(HttpClient http, D365TokenSource tokens)
{
    /// <summary>GET <c>/data/{query}</c>: the first page's <c>value</c> rows (enough for a ping).</summary>
    public async Task<ConnectorResult<IReadOnlyList<JsonElement>>> GetRowsAsync(D365Credentials credentials, string query, CancellationToken ct)
    {
        var page = await GetPageAsync(credentials, new Uri(Root(credentials), query), ct);
        return page.IsOk ? ConnectorResult<IReadOnlyList<JsonElement>>.Ok(page.Value.Rows) : page.Failure!;
    }

    /// <summary>Every row of <paramref name="query"/>, following <c>@odata.nextLink</c> (as given, nothing added) to the end.</summary>
    public async Task<ConnectorResult<IReadOnlyList<JsonElement>>> ReadAllAsync(D365Credentials credentials, string query, CancellationToken ct)
    {
        var rows = new List<JsonElement>();
        Uri? next = new(Root(credentials), query);
        while (next is not null)
        {
            var page = await GetPageAsync(credentials, next, ct);
            if (!page.IsOk) return page.Failure!;
            rows.AddRange(page.Value.Rows);
            next = page.Value.NextLink;
        }
        return ConnectorResult<IReadOnlyList<JsonElement>>.Ok(rows);
    }

    private async Task<ConnectorResult<(IReadOnlyList<JsonElement> Rows, Uri? NextLink)>> GetPageAsync(D365Credentials credentials, Uri url, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.GetTokenAsync(credentials, forceRefresh: attempt > 0, ct);
            if (!token.IsOk) return token.Failure!;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
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
                var rows = json.RootElement.GetProperty("value").EnumerateArray().Select(r => r.Clone()).ToList();
                Uri? next = json.RootElement.TryGetProperty("@odata.nextLink", out var link) && link.GetString() is { } text ? new Uri(text) : null;
                return ConnectorResult<(IReadOnlyList<JsonElement>, Uri?)>.Ok((rows, next));
            }
            catch (Exception error) when (error is HttpRequestException or OutboundBlockedException or TaskCanceledException or TimeoutException)
            {
                return HttpFailureClassifier.Classify(error);
            }
        }
    }

    internal static Uri Root(D365Credentials credentials) => new(credentials.EnvironmentUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/data/");

    /// <summary>What F&amp;O said, preferring the infolog over the generic "An error has occurred." (see <see cref="D365Failures.Message"/>).</summary>
    internal static string? ODataMessage(string body) => D365Failures.Message(body);
}
