using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>
/// Base of the D365 contract tests: one sandbox per test class, the simulator reset before each test, and helpers
/// that talk HTTP the way a connector does (token first, then OData with the bearer token).
/// </summary>
public abstract class D365TestBase : IClassFixture<SandboxHost>
{
    protected D365TestBase(SandboxHost host)
    {
        Host = host;
        Simulator = (D365Simulator)host.Registry["d365"];
        Simulator.Reset();
        Simulator.Faults.Reset();
    }

    protected SandboxHost Host { get; }

    protected D365Simulator Simulator { get; }

    /// <summary>The environment URL of this sandbox: its own base, …/sandbox/d365.</summary>
    protected string Environment => new Uri(Host.BaseAddress, "sandbox/d365").ToString();

    protected HttpClient Anonymous() => Host.ClientFor("d365");

    protected async Task<HttpResponseMessage> RequestTokenAsync(string? scope = null, string clientId = D365SandboxApp.ClientId,
        string secret = D365SandboxApp.ClientSecret, string tenant = D365SandboxApp.TenantId, string grant = "client_credentials")
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = grant, ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope ?? $"{Environment}/.default",
        };
        return await Anonymous().PostAsync($"{tenant}/oauth2/v2.0/token", new FormUrlEncodedContent(form));
    }

    protected async Task<string> TokenAsync(string? scope = null, string clientId = D365SandboxApp.ClientId, string secret = D365SandboxApp.ClientSecret,
        string tenant = D365SandboxApp.TenantId)
    {
        using var response = await RequestTokenAsync(scope, clientId, secret, tenant);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A client signed in as the well-known sandbox app (default company hpus), rooted at /sandbox/d365/.</summary>
    protected async Task<HttpClient> ConnectAsync(string clientId = D365SandboxApp.ClientId, string secret = D365SandboxApp.ClientSecret)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(clientId: clientId, secret: secret));
        return client;
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    protected static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {url} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    protected static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object body) =>
        client.PostAsync(url, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    protected static Task<HttpResponseMessage> PatchJsonAsync(HttpClient client, string url, object body) =>
        client.PatchAsync(url, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    /// <summary>Creates a pending invoice header for a seeded hpus vendor and returns its server-assigned reference.</summary>
    protected async Task<string> CreateInvoiceHeaderAsync(HttpClient client, string invoiceNumber, string? vendor = null)
    {
        using var response = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new
        {
            dataAreaId = "hpus", InvoiceNumber = invoiceNumber, InvoiceAccount = vendor ?? UsVendor, InvoiceDate = "2026-11-01T12:00:00Z", Currency = "USD",
        });
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(201, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("HeaderReference").GetString()!;
    }

    protected static object InvoiceLine(string headerReference, string dimensions = "D010-CC100", string account = "6300") => new
    {
        dataAreaId = "hpus", HeaderReference = headerReference, Currency = "USD", LineDescription = "Licences", ReceiveNow = 2m, UnitPrice = 50m,
        MainAccountDisplayValue = account, DimensionDisplayValue = dimensions,
    };

    /// <summary>An active, not-on-hold vendor of hpus from the seed.</summary>
    protected string UsVendor => Simulator.Company.Vendors.First(v => v.LegalEntityId == "hpus" && v.Active && !v.OnHold).Number;

    /// <summary>Asserts the F&amp;O write-failure shape (contract §9) and returns the infolog text.</summary>
    protected static async Task<string> ShouldBeWriteFailureAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(500, body);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("");
        error.GetProperty("innererror").GetProperty("type").GetString().ShouldBe(ODataFault.WriteExceptionType);
        var message = error.GetProperty("innererror").GetProperty("message").GetString()!;
        message.ShouldContain("Infolog: ");
        return message[(message.IndexOf("Infolog: ", StringComparison.Ordinal) + "Infolog: ".Length)..];
    }
}
