using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Ramp;

/// <summary>A Ramp developer app and the environment it lives in (api.ramp.com, demo-api.ramp.com or our sandbox).</summary>
public sealed record RampCredentials(Uri BaseUrl, string ClientId, string ClientSecret);

public sealed record RampToken(string AccessToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes);

/// <summary>Ramp's Developer API: client-credentials tokens over HTTP Basic, and the reads a ping needs.</summary>
public sealed partial class RampClient(HttpClient http, TimeProvider clock)
{
    /// <summary>What the integration does in Ramp: read spend, upload the chart, link vendors, report syncs.</summary>
    public static readonly IReadOnlyList<string> RequiredScopes =
        ["accounting:read", "accounting:write", "bills:read", "transactions:read", "vendors:read", "vendors:write", "purchase_orders:read", "entities:read"];

    public async Task<ConnectorResult<RampToken>> GetTokenAsync(RampCredentials credentials, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(credentials.BaseUrl, "developer/v1/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = string.Join(' ', scopes) }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.ClientId}:{credentials.ClientSecret}")));
        return await SendAsync(request, async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = json.RootElement;
            return new RampToken(root.GetProperty("access_token").GetString()!,
                clock.GetUtcNow().AddSeconds(root.GetProperty("expires_in").GetInt32()),
                (root.TryGetProperty("scope", out var scope) ? scope.GetString() ?? "" : "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }, ct);
    }

    /// <summary>
    /// Ramp refuses the whole token request when one scope is not allowed for the app, and does not say
    /// which: ask for each scope alone to name the missing ones.
    /// </summary>
    public async Task<IReadOnlyList<string>> RefusedScopesAsync(RampCredentials credentials, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        var refused = new List<string>();
        foreach (var scope in scopes)
        {
            var result = await GetTokenAsync(credentials, [scope], ct);
            if (result.Failure is { StatusCode: 403 }) refused.Add(scope);
        }
        return refused;
    }

    /// <summary>The active accounting connection's provider name, or null when there is none yet.</summary>
    public async Task<ConnectorResult<string?>> AccountingConnectionAsync(RampCredentials credentials, RampToken token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(credentials.BaseUrl, "developer/v1/accounting/connection"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return ConnectorResult<string?>.Ok(null);
            if (!response.IsSuccessStatusCode) return await FailureAsync(response, ct);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return ConnectorResult<string?>.Ok(json.RootElement.TryGetProperty("remote_provider_name", out var name) ? name.GetString() : "connected");
        }
        catch (Exception error) when (error is HttpRequestException or OutboundBlockedException or TaskCanceledException or TimeoutException)
        {
            return HttpFailureClassifier.Classify(error);
        }
    }

    /// <summary>
    /// Every item of a paged list (<c>{data:[…], page:{next}}</c>), following <c>page.next</c> to the end; the
    /// items are cloned so they outlive the pages' documents.
    /// </summary>
    public async Task<ConnectorResult<IReadOnlyList<JsonElement>>> ListAllAsync(RampCredentials credentials, RampToken token, string pathAndQuery, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        Uri? next = new(credentials.BaseUrl, "developer/v1/" + pathAndQuery);
        while (next is not null)
        {
            using var request = Authorized(HttpMethod.Get, next, token);
            var page = await SendAsync(request, async response =>
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                var data = json.RootElement.GetProperty("data").EnumerateArray().Select(e => e.Clone()).ToList();
                var link = json.RootElement.TryGetProperty("page", out var p) && p.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                return (data, link);
            }, ct);
            if (!page.IsOk) return page.Failure!;
            items.AddRange(page.Value.data);
            // page.next is a full URL; only its path and query are used, so our token never goes to another host.
            next = page.Value.link is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) ? new Uri(credentials.BaseUrl, uri.PathAndQuery) : null;
        }
        return ConnectorResult<IReadOnlyList<JsonElement>>.Ok(items);
    }

    internal static HttpRequestMessage Authorized(HttpMethod method, Uri uri, RampToken token)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return request;
    }

    private async Task<ConnectorResult<T>> SendAsync<T>(HttpRequestMessage request, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, ct);
            return response.IsSuccessStatusCode ? ConnectorResult<T>.Ok(await read(response)) : await FailureAsync(response, ct);
        }
        catch (Exception error) when (error is HttpRequestException or OutboundBlockedException or TaskCanceledException or TimeoutException)
        {
            return HttpFailureClassifier.Classify(error);
        }
    }

    /// <summary>Ramp's error envelope: <c>error_v2.error_code</c> and <c>message</c>, with the trace id for support.</summary>
    private static async Task<ConnectorFailure> FailureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        string? code = null, message = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error_v2", out var error))
            {
                code = error.TryGetProperty("error_code", out var c) ? c.GetString() : null;
                message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
        }
        var trace = response.Headers.TryGetValues("x-trace-id", out var ids) ? $" (Ramp trace id {ids.First()})" : "";
        return HttpFailureClassifier.Classify(response, $"Ramp answered {(int)response.StatusCode}{(code is null ? "" : $" {code}")}: {message ?? response.ReasonPhrase}{trace}")
            with { Code = code };
    }
}
