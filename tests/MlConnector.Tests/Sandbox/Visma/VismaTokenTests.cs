using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MlConnector.Sandbox.Visma;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>Visma Connect's <c>/connect/token</c> (contract §1).</summary>
public sealed class VismaTokenTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private readonly VismaApi api = new(host);

    [Fact]
    public async Task Token_SandboxAppWithCompanyTenant_IssuesBearerForAnHourWithAllApprovedScopes()
    {
        using var response = await api.RequestTokenAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = await response.JsonAsync();
        token.GetProperty("access_token").GetString().ShouldNotBeNullOrWhiteSpace();
        token.GetProperty("token_type").GetString().ShouldBe("Bearer");
        token.GetProperty("expires_in").GetInt32().ShouldBe(3600);
        token.GetProperty("scope").GetString()!.Split(' ').ShouldBe(VismaSandboxApp.AllScopes, ignoreOrder: true);
        token.TryGetProperty("refresh_token", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Token_WithRequestedScopes_GrantsOnlyThose()
    {
        using var response = await api.RequestTokenAsync(scope: VismaSandboxApp.ReadScope);

        (await response.JsonAsync()).GetProperty("scope").GetString().ShouldBe(VismaSandboxApp.ReadScope);
    }

    [Fact]
    public async Task Token_BasicAuthCredentials_AreAccepted()
    {
        using var client = api.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
                { ["grant_type"] = "client_credentials", ["tenant_id"] = VismaSandboxApp.TenantId }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{VismaSandboxApp.ClientId}:{VismaSandboxApp.ClientSecret}")));

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WrongSecret_Is401InvalidClient()
    {
        using var response = await api.RequestTokenAsync(clientSecret: "not-the-secret");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.JsonAsync()).GetProperty("error").GetString().ShouldBe("invalid_client");
    }

    [Fact]
    public async Task Token_UnknownClient_Is401InvalidClient()
    {
        using var response = await api.RequestTokenAsync(clientId: "nobody");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.JsonAsync()).GetProperty("error").GetString().ShouldBe("invalid_client");
    }

    [Fact]
    public async Task Token_TenantThatNeverActivatedTheApp_Is401()
    {
        using var response = await api.RequestTokenAsync(tenantId: Guid.NewGuid().ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.JsonAsync()).GetProperty("error_description").GetString()!.ShouldContain("not activated for tenant");
    }

    [Fact]
    public async Task Token_CustomerLevelTenant_IsStillIssued()
    {
        // Contract §1: the wrong (customer-level) tenant gets a token; the calls fail (see VismaAuthTests).
        using var response = await api.RequestTokenAsync(tenantId: VismaSandboxApp.CustomerTenantId);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WithoutTenantId_Is400InvalidRequest()
    {
        using var response = await api.RequestTokenAsync(tenantId: "");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("error").GetString().ShouldBe("invalid_request");
    }

    [Fact]
    public async Task Token_ScopeNotApprovedForTheApp_Is400InvalidScope()
    {
        var (id, secret) = await api.RegisterClientAsync(VismaSandboxApp.ReadScope);

        using var response = await api.RequestTokenAsync(id, secret, scope: $"{VismaSandboxApp.ReadScope} {VismaSandboxApp.CreateScope}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("error").GetString().ShouldBe("invalid_scope");
    }

    [Fact]
    public async Task Token_ScopeOutsideTheErpService_Is400InvalidScope()
    {
        using var response = await api.RequestTokenAsync(scope: "openid");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("error").GetString().ShouldBe("invalid_scope");
    }

    [Fact]
    public async Task Token_OtherGrantType_Is400UnsupportedGrantType()
    {
        using var response = await api.RequestTokenAsync(grantType: "password");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("error").GetString().ShouldBe("unsupported_grant_type");
    }

    [Fact]
    public async Task Token_JsonBodyInsteadOfForm_Is400InvalidRequest()
    {
        using var client = api.Anonymous();

        using var response = await client.PostAsync("connect/token", Wire.Raw(
            $$"""{"grant_type":"client_credentials","client_id":"{{VismaSandboxApp.ClientId}}","client_secret":"{{VismaSandboxApp.ClientSecret}}","tenant_id":"{{VismaSandboxApp.TenantId}}"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("error").GetString().ShouldBe("invalid_request");
    }

    [Fact]
    public async Task RegisterClient_WithoutScopesOrTenants_Is400()
    {
        using var client = api.Anonymous();

        using var response = await client.PostAsync("_control/clients", Wire.Raw("""{"clientId":"half","clientSecret":"s"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
