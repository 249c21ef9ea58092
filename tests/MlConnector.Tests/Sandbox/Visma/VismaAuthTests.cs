using System.Net;
using System.Net.Http.Json;
using MlConnector.Sandbox.Visma;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>What every <c>/v1</c> call must carry: a live token, the company's tenant, <c>ipp-company-id</c>, the verb's scope.</summary>
public sealed class VismaAuthTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private readonly VismaApi api = new(host);

    [Fact]
    public async Task Call_WithTokenAndCompany_Is200()
    {
        using var client = await api.ClientAsync();

        using var response = await client.GetAsync("v1/account");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Call_WithoutBearerToken_Is401WithChallenge()
    {
        using var client = api.With(token: null, companyId: "1234567");

        using var response = await client.GetAsync("v1/account");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Unauthorized)).ShouldContain("token");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task Call_WithUnknownToken_Is401()
    {
        using var client = api.With("made-up-token", "1234567");

        using var response = await client.GetAsync("v1/account");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Unauthorized)).ShouldContain("token");
    }

    [Fact]
    public async Task Call_AfterExpireTokensNow_Is401_AndANewTokenWorks()
    {
        using var client = await api.ClientAsync();
        (await client.GetAsync("v1/account")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var control = api.Anonymous())
            (await control.PostAsync("_control/expire-tokens", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync("v1/account")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var renewed = await api.ClientAsync();
        (await renewed.GetAsync("v1/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Call_WithCustomerLevelTenantToken_Is401()
    {
        using var client = await api.ClientAsync(tenantId: VismaSandboxApp.CustomerTenantId);

        using var response = await client.GetAsync("v1/account");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Unauthorized)).ShouldContain("companyincontext");
    }

    [Fact]
    public async Task Call_WithAnotherCompanysTenantToken_Is401()
    {
        using var client = await api.ClientAsync(tenantId: VismaSandboxApp.UkTenantId, companyId: VismaSandboxApp.CompanyId);

        using var response = await client.GetAsync("v1/account");

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Call_WithUkTenantAndCompany_SeesTheUkCompanysSuppliersOnly()
    {
        using var client = await api.ClientAsync(tenantId: VismaSandboxApp.UkTenantId, companyId: VismaSandboxApp.UkCompanyId);

        var suppliers = await client.GetJsonAsync("v1/supplier?pageSize=100");

        suppliers.GetArrayLength().ShouldBeGreaterThan(0);
        suppliers.EnumerateArray().ShouldAllBe(s => s.GetProperty("currencyId").GetString() == "GBP");
    }

    [Fact]
    public async Task Call_WithoutCompanyHeader_Is401()
    {
        using var client = await api.ClientAsync(companyId: null);

        using var response = await client.GetAsync("v1/account");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Unauthorized)).ShouldContain("ipp-company-id");
    }

    [Theory]
    [InlineData("7654321")]
    [InlineData("hpno")]
    public async Task Call_WithUnknownCompanyId_Is401(string companyId)
    {
        using var client = api.With(await api.TokenAsync(), companyId);

        using var response = await client.GetAsync("v1/account");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Unauthorized)).ShouldContain("does not exist");
    }

    [Fact]
    public async Task Call_WithoutCompanyHeader_WhenRelaxed_UsesTheTenantsCompany()
    {
        using var control = api.Anonymous();
        (await control.PutAsJsonAsync("_control/settings", new VismaSettings { RequireCompanyHeader = false })).EnsureSuccessStatusCode();
        try
        {
            using var client = await api.ClientAsync(companyId: null);

            var suppliers = await client.GetJsonAsync("v1/supplier");

            suppliers.EnumerateArray().ShouldAllBe(s => s.GetProperty("currencyId").GetString() == "NOK");
        }
        finally
        {
            (await control.PutAsJsonAsync("_control/settings", new VismaSettings())).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Get_WithReadScope_Is200()
    {
        var (id, secret) = await api.RegisterClientAsync(VismaSandboxApp.ReadScope);
        using var client = await api.ClientAsync(clientId: id, clientSecret: secret);

        (await client.GetAsync("v1/supplier")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_WithoutReadScope_Is403()
    {
        var (id, secret) = await api.RegisterClientAsync(VismaSandboxApp.CreateScope);
        using var client = await api.ClientAsync(clientId: id, clientSecret: secret);

        using var response = await client.GetAsync("v1/supplier");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Forbidden)).ShouldContain(VismaSandboxApp.ReadScope);
    }

    [Fact]
    public async Task Post_WithoutCreateScope_Is403_AndCreatesNothing()
    {
        var (id, secret) = await api.RegisterClientAsync(VismaSandboxApp.ReadScope, VismaSandboxApp.UpdateScope);
        using var client = await api.ClientAsync(clientId: id, clientSecret: secret);

        using var response = await client.PostAsync("v1/supplier", Wire.Body(new { name = Wire.V("Scope Test AS") }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Forbidden)).ShouldContain(VismaSandboxApp.CreateScope);
        (await client.GetJsonAsync("v1/supplier?name=Scope%20Test%20AS")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Put_WithoutUpdateScope_Is403()
    {
        var (id, secret) = await api.RegisterClientAsync(VismaSandboxApp.ReadScope, VismaSandboxApp.CreateScope);
        using var client = await api.ClientAsync(clientId: id, clientSecret: secret);

        using var response = await client.PutAsync($"v1/supplier/{api.Supplier().Number}", Wire.Body(new { name = Wire.V("Renamed") }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Forbidden)).ShouldContain(VismaSandboxApp.UpdateScope);
    }

    [Fact]
    public async Task Token_NarrowedToRead_CannotCreate()
    {
        // The app may create, but this token was asked for read only: the token's scopes count, not the app's.
        using var client = await api.ClientAsync(scope: VismaSandboxApp.ReadScope);

        using var response = await client.PostAsync("v1/supplier", Wire.Body(new { name = Wire.V("Narrow AS") }));

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Call_UnknownResource_Is404IppException_AndStill401WithoutToken()
    {
        using var client = await api.ClientAsync();
        using var anonymous = api.With(token: null, companyId: "1234567");

        await (await client.GetAsync("v1/supplierInvoices")).ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("v1/supplierInvoices")).ShouldBeIppExceptionAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Call_IsRecordedWithItsHeaders_ForConnectorTests()
    {
        var after = api.Simulator.Traffic.LastSequence;
        using var client = await api.ClientAsync();

        (await client.GetAsync("v1/account?pageSize=1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var call = api.Simulator.Traffic.Since(after).Single(r => r.Path.EndsWith("/v1/account", StringComparison.Ordinal));
        call.Header("ipp-company-id").ShouldBe("1234567");
        call.Query.ShouldBe("?pageSize=1");
        call.Status.ShouldBe(200);
    }
}
