using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlConnector.Sandbox.Ramp;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Ramp;

/// <summary>
/// A fresh sandbox per test (xunit makes one class instance per test), so tests that change Ramp's state stay
/// independent; a host starts in well under a second. Everything goes over HTTP.
/// </summary>
public abstract class RampTestBase : IAsyncLifetime
{
    protected SandboxHost Host { get; } = new();

    protected RampSimulator Simulator => (RampSimulator)Host.Registry["ramp"];

    /// <summary>Unauthenticated client rooted at /sandbox/ramp/.</summary>
    protected HttpClient Anonymous { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        Anonymous = Host.ClientFor("ramp");
    }

    public virtual async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await Host.DisposeAsync();
    }

    protected static string Scopes(params string[] scopes) => string.Join(' ', scopes);

    /// <summary>POSTs the client-credentials form with HTTP Basic, as Ramp documents it.</summary>
    protected Task<HttpResponseMessage> RequestTokenAsync(string clientId, string secret, string? scope, string grantType = "client_credentials") =>
        RequestTokenAsync(Anonymous, clientId, secret, scope, grantType);

    protected static async Task<HttpResponseMessage> RequestTokenAsync(HttpClient anonymous, string clientId, string secret, string? scope,
        string grantType = "client_credentials")
    {
        var form = new Dictionary<string, string> { ["grant_type"] = grantType };
        if (scope is not null) form["scope"] = scope;
        using var request = new HttpRequestMessage(HttpMethod.Post, "developer/v1/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return await anonymous.SendAsync(request);
    }

    protected Task<string> TokenAsync(params string[] scopes) => TokenAsync(Anonymous, scopes);

    protected static async Task<string> TokenAsync(HttpClient anonymous, params string[] scopes)
    {
        using var response = await RequestTokenAsync(anonymous, RampSimulator.DefaultClientId, RampSimulator.DefaultClientSecret,
            Scopes(scopes.Length == 0 ? [.. RampSimulator.AllScopes] : scopes));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A client with a bearer token for <paramref name="scopes"/> (all scopes when none are given).</summary>
    protected async Task<HttpClient> ClientAsync(params string[] scopes)
    {
        var client = Host.ClientFor("ramp");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(scopes));
        return client;
    }

    protected static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    protected static Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path);

    protected static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body) =>
        SendAsync(client, HttpMethod.Post, path, body);

    /// <summary>Every item of a list endpoint, following <c>page.next</c> (absolute URLs) to the end.</summary>
    protected static async Task<List<JsonElement>> GetAllAsync(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        string? next = path;
        while (next is not null)
        {
            var (status, body) = await GetAsync(client, next.StartsWith("http", StringComparison.Ordinal) ? next : "developer/v1/" + next.TrimStart('/'));
            status.ShouldBe(HttpStatusCode.OK);
            items.AddRange(body.GetProperty("data").EnumerateArray());
            next = body.GetProperty("page").GetProperty("next").GetString();
        }
        return items;
    }

    protected static string ErrorCode(JsonElement body) => body.GetProperty("error_v2").GetProperty("error_code").GetString()!;

    /// <summary>Registers the API connection every accounting write needs.</summary>
    protected static async Task<string> ConnectAsync(HttpClient client, string provider = "ml-connector")
    {
        var (status, body) = await PostAsync(client, "developer/v1/accounting/connection", new { remote_provider_name = provider });
        status.ShouldBe(HttpStatusCode.Created);
        return body.GetProperty("id").GetString()!;
    }

    protected static object GlAccount(string id, string name = "Account", string classification = "EXPENSE") => new { id, name, classification };

    protected static string Key() => Guid.NewGuid().ToString();

    protected static Task<(HttpStatusCode Status, JsonElement Body)> SyncAsync(HttpClient client, string type, string id, string? key = null) =>
        PostAsync(client, "developer/v1/accounting/syncs",
            new { idempotency_key = key ?? Key(), sync_type = type, successful_syncs = new[] { new { id, reference_id = "ERP-" + id[..8] } } });

    /// <summary>A client with every scope and an active accounting connection.</summary>
    protected async Task<HttpClient> ConnectedAsync()
    {
        var client = await ClientAsync();
        await ConnectAsync(client);
        return client;
    }
}
