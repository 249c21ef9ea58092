using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.D365;

/// <summary>
/// Creating rows through OData. A POST is never retried after it may have reached F&amp;O (the shared policy retries it
/// only on 429 or a refused connection), so a timeout comes back as a Transient failure whose outcome is unknown: the
/// caller looks the document up by its natural key before trying again.
/// </summary>
public sealed partial class D365Client
{
    /// <summary>POST <c>/data/{entitySet}</c>; the created row as F&amp;O returns it (with server-assigned numbers).</summary>
    public async Task<ConnectorResult<JsonElement>> CreateAsync(D365Credentials credentials, string entitySet, JsonObject row, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.GetTokenAsync(credentials, forceRefresh: attempt > 0, ct);
            if (!token.IsOk) return token.Failure!;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Root(credentials), entitySet))
                {
                    Content = new StringContent(row.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                request.Headers.Accept.ParseAdd("application/json;IEEE754Compatible=true");
                using var response = await http.SendAsync(request, ct);
                // A 401 is answered before F&O touches the data: safe to send again once with a fresh token.
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0) continue;
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                    return response.StatusCode == HttpStatusCode.Unauthorized
                        ? new ConnectorFailure(FailureKind.Auth, "Dynamics 365 refused a valid token from Microsoft Entra ID.", StatusCode: 401)
                        : D365Failures.Classify(response, body);
                using var json = JsonDocument.Parse(body);
                return ConnectorResult<JsonElement>.Ok(json.RootElement.Clone());
            }
            catch (Exception error) when (error is HttpRequestException or OutboundBlockedException or TaskCanceledException or TimeoutException)
            {
                return HttpFailureClassifier.Classify(error);
            }
        }
    }
}
