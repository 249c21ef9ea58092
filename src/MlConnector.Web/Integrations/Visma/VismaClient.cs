using System.Net.Http.Headers;
using System.Text.Json;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Visma;

/// <summary>
/// A Visma Developer Portal app, the tenant it is activated for, and the ERP company to work in.
/// <see cref="ConnectBase"/> issues tokens; <see cref="ApiBase"/> serves <c>/v1/…</c>.
/// </summary>
public sealed record VismaCredentials(Uri ConnectBase, Uri ApiBase, string ClientId, string ClientSecret, string TenantId, string CompanyId);

public sealed record VismaToken(string AccessToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes);

/// <summary>Visma.net ERP through Visma Connect: client-credentials tokens per tenant, <c>ipp-company-id</c> on every call.</summary>
public sealed partial class VismaClient(HttpClient http, TimeProvider clock)
{
    /// <summary>Reading the ledger and creating suppliers and invoices; nothing is ever deleted.</summary>
    public static readonly IReadOnlyList<string> RequiredScopes =
        ["vismanet_erp_service_api:read", "vismanet_erp_service_api:create", "vismanet_erp_service_api:update"];

    public Task<ConnectorResult<VismaToken>> GetTokenAsync(VismaCredentials credentials, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(credentials.ConnectBase, "connect/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = credentials.ClientId, ["client_secret"] = credentials.ClientSecret,
                ["tenant_id"] = credentials.TenantId, ["scope"] = string.Join(' ', RequiredScopes),
            }),
        }, async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = json.RootElement;
            return new VismaToken(root.GetProperty("access_token").GetString()!, clock.GetUtcNow().AddSeconds(root.GetProperty("expires_in").GetInt32()),
                (root.TryGetProperty("scope", out var scope) ? scope.GetString() ?? "" : "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }, ct);

    /// <summary>One page of one account: the cheapest read that proves token, tenant and company fit together.</summary>
    public Task<ConnectorResult<int>> CountAccountsAsync(VismaCredentials credentials, VismaToken token, CancellationToken ct) =>
        SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(credentials.ApiBase, "v1/account?pageNumber=1&pageSize=1"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            request.Headers.Add("ipp-company-id", credentials.CompanyId);
            return request;
        }, async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return json.RootElement.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
                   && first.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("totalCount", out var total)
                ? total.GetInt32()
                : json.RootElement.GetArrayLength();
        }, ct);

    private async Task<ConnectorResult<T>> SendAsync<T>(Func<HttpRequestMessage> create, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        try
        {
            using var request = create();
            using var response = await http.SendAsync(request, ct);
            return response.IsSuccessStatusCode ? ConnectorResult<T>.Ok(await read(response)) : await FailureAsync(response, ct);
        }
        catch (Exception error) when (error is HttpRequestException or OutboundBlockedException or TaskCanceledException or TimeoutException)
        {
            return HttpFailureClassifier.Classify(error);
        }
    }

    /// <summary>Visma Connect answers OAuth errors; the ERP API answers <c>IPPException</c> bodies.</summary>
    private static async Task<ConnectorFailure> FailureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string? detail = null;
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = json.RootElement;
            detail = root.TryGetProperty("ExceptionMessage", out var message) ? message.GetString()
                : root.TryGetProperty("error_description", out var description) ? $"{(root.TryGetProperty("error", out var e) ? e.GetString() + ": " : "")}{description.GetString()}"
                : null;
        }
        catch (JsonException)
        {
        }
        return HttpFailureClassifier.Classify(response, $"Visma answered {(int)response.StatusCode}: {detail ?? response.ReasonPhrase}");
    }
}
