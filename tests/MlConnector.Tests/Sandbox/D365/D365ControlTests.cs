using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>The simulator's own _control hooks (settings, extra app registrations) and the Entra discovery documents.</summary>
public sealed class D365ControlTests(SandboxHost host) : D365TestBase(host)
{
    [Fact]
    public async Task Settings_PutOverHttp_ChangesThePageSize()
    {
        using var control = Anonymous();
        var settings = await control.GetFromJsonAsync<JsonElement>("_control/settings");
        settings.GetProperty("pageSize").GetInt32().ShouldBe(10_000);

        (await control.PutAsJsonAsync("_control/settings", new { pageSize = 2, duplicateInvoices = "Accept" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        Simulator.Settings.PageSize.ShouldBe(2);
        Simulator.Settings.DuplicateInvoices.ShouldBe(DuplicateInvoicePolicy.Accept);
        using var client = await ConnectAsync();
        (await GetJsonAsync(client, "data/LegalEntities")).GetProperty("value").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Clients_PostOverHttp_RegistersAnAppWithItsDefaultCompany()
    {
        (await Anonymous().PostAsJsonAsync("_control/clients", new D365Client(D365SandboxApp.TenantId, "http-registered", "pw", "hpno"))).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);

        using var client = await ConnectAsync("http-registered", "pw");

        (await GetJsonAsync(client, "data/VendorsV2?$top=1")).GetProperty("value")[0].GetProperty("dataAreaId").GetString().ShouldBe("hpno");
    }

    [Fact]
    public async Task Clients_RegisteredForATest_AreGoneAfterReset()
    {
        Simulator.RegisterClient(new D365Client(D365SandboxApp.TenantId, "temporary", "pw", "hpuk"));

        Simulator.Reset();

        (await RequestTokenAsync(clientId: "temporary", secret: "pw")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OpenIdConfiguration_PointsMsalAtThisTokenEndpoint()
    {
        var document = await Anonymous().GetFromJsonAsync<JsonElement>($"{D365SandboxApp.TenantId}/v2.0/.well-known/openid-configuration");

        document.GetProperty("token_endpoint").GetString().ShouldBe($"{Environment}/{D365SandboxApp.TenantId}/oauth2/v2.0/token");
    }

    [Fact]
    public async Task OpenIdConfiguration_UnknownTenant_Returns400()
    {
        (await Anonymous().GetAsync($"{Guid.Empty}/v2.0/.well-known/openid-configuration")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
