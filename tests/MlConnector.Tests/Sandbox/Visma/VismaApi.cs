using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Visma;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>Talks to the Visma simulator over HTTP as a connector would: token first, then <c>/v1</c> calls.</summary>
internal sealed class VismaApi(Func<HttpClient> anonymous, Func<VismaSimulator> simulator)
{
    public VismaApi(SandboxHost host) : this(() => host.ClientFor("visma"), () => (VismaSimulator)host.Registry["visma"])
    {
    }

    public VismaSimulator Simulator => simulator();

    /// <summary>A client rooted at /sandbox/visma/ with no credentials.</summary>
    public HttpClient Anonymous() => anonymous();

    public async Task<HttpResponseMessage> RequestTokenAsync(
        string clientId = VismaSandboxApp.ClientId, string clientSecret = VismaSandboxApp.ClientSecret,
        string tenantId = VismaSandboxApp.TenantId, string? scope = null, string grantType = "client_credentials")
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = grantType, ["client_id"] = clientId, ["client_secret"] = clientSecret, ["tenant_id"] = tenantId,
        };
        if (scope is not null) form["scope"] = scope;
        using var client = Anonymous();
        return await client.PostAsync("connect/token", new FormUrlEncodedContent(form));
    }

    public async Task<string> TokenAsync(string clientId = VismaSandboxApp.ClientId, string clientSecret = VismaSandboxApp.ClientSecret,
        string tenantId = VismaSandboxApp.TenantId, string? scope = null)
    {
        using var response = await RequestTokenAsync(clientId, clientSecret, tenantId, scope);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.JsonAsync()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A client with a fresh token and <c>ipp-company-id</c> (null: header left out).</summary>
    public async Task<HttpClient> ClientAsync(string tenantId = VismaSandboxApp.TenantId, int? companyId = VismaSandboxApp.CompanyId,
        string clientId = VismaSandboxApp.ClientId, string clientSecret = VismaSandboxApp.ClientSecret, string? scope = null) =>
        With(await TokenAsync(clientId, clientSecret, tenantId, scope), companyId?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public HttpClient With(string? token, string? companyId)
    {
        var client = Anonymous();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (companyId is not null) client.DefaultRequestHeaders.Add("ipp-company-id", companyId);
        return client;
    }

    /// <summary>Registers an app with only <paramref name="scopes"/>, through the sandbox control endpoint.</summary>
    public async Task<(string Id, string Secret)> RegisterClientAsync(params string[] scopes)
    {
        var id = $"test-{Guid.NewGuid():N}";
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("_control/clients",
            new VismaClient(id, "test-secret", scopes, [VismaSandboxApp.TenantId]));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return (id, "test-secret");
    }

    /// <summary>An active, not-on-hold vendor of hpno from the seed: a supplier of the Visma company.</summary>
    public Vendor Supplier(int skip = 0) => Simulator.Company.Vendors
        .Where(v => v.LegalEntityId == "hpno" && v.Active && !v.OnHold).OrderBy(v => v.Number, StringComparer.Ordinal).Skip(skip).First();

    /// <summary>Creates a supplier and returns its number (taken from the Location header).</summary>
    public static async Task<string> CreateSupplierAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsync("v1/supplier", Wire.Body(new { name = Wire.V(name) }));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return response.Headers.Location!.Segments[^1];
    }
}

/// <summary>Wire helpers: Visma's wrapped write values, JSON bodies and the IPPException check.</summary>
internal static class Wire
{
    public const string ExpenseAccount = "6300";   // SaaS subscriptions
    public const string InactiveAccount = "1013";  // Petty cash, closed for posting in the seed
    public const string Department = "D010";
    public const string CostCenter = "CC100";
    public const string ClosedCostCenter = "CC119"; // "Closed: Dublin office"

    /// <summary>Visma's wrapping of a written scalar: <c>{"value": …}</c>.</summary>
    public static object V(object? value) => new { value };

    public static StringContent Body(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    public static StringContent Raw(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static object Line(string account = ExpenseAccount, string department = Department, string costCenter = CostCenter,
        string description = "Licences", decimal quantity = 1, decimal unitCost = 100) => new
        {
            operation = "Insert",
            accountNumber = V(account),
            subaccount = new[] { new { segmentId = 1, segmentValue = department }, new { segmentId = 2, segmentValue = costCenter } },
            transactionDescription = V(description),
            quantity = V(quantity),
            unitCostInCurrency = V(unitCost),
        };

    public static object Invoice(string supplier, string reference, params object[] lines) => new
    {
        documentType = V("Invoice"),
        supplierNumber = V(supplier),
        supplierReference = V(reference),
        date = V("2026-11-10"),
        invoiceLines = lines.Length == 0 ? [Line()] : lines,
    };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>Asserts the status and Visma's error shape; returns the message.</summary>
    public static async Task<string> ShouldBeIppExceptionAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        var error = await response.JsonAsync();
        error.GetProperty("ExceptionType").GetString().ShouldBe("IPPException");
        error.GetProperty("ExceptionFaultCode").GetString().ShouldNotBeNullOrEmpty();
        error.GetProperty("ExceptionMessageID").GetString().ShouldNotBeNullOrEmpty();
        return error.GetProperty("ExceptionMessage").GetString()!;
    }
}

/// <summary>A simulator host of its own, for tests that change faults or settings, or need the untouched seed.</summary>
internal sealed class FreshVisma : IAsyncDisposable
{
    private readonly SandboxHost host = new();

    private FreshVisma() => Api = new VismaApi(host);

    public VismaApi Api { get; }

    public static async Task<FreshVisma> StartAsync()
    {
        var fresh = new FreshVisma();
        await fresh.host.InitializeAsync();
        return fresh;
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
