using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §1: Entra client-credentials tokens and how the OData endpoint refuses bad ones.</summary>
public sealed class D365AuthTests(SandboxHost host) : D365TestBase(host)
{
    [Fact]
    public async Task Token_ClientCredentialsForTheEnvironment_IssuesBearerTokenForAnHour()
    {
        using var response = await RequestTokenAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        token.GetProperty("token_type").GetString().ShouldBe("Bearer");
        token.GetProperty("expires_in").GetInt32().ShouldBe(3599);
        token.GetProperty("access_token").GetString()!.Split('.').Length.ShouldBe(3);
    }

    [Fact]
    public async Task Token_ScopeWithOtherCaseAndTrailingSlash_IsAcceptedForThisEnvironment()
    {
        var token = await TokenAsync(scope: $"{Environment.ToUpperInvariant().Replace("HTTP:", "http:", StringComparison.Ordinal)}//.default");
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await client.GetAsync("data/LegalEntities")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_FakeOperationsHostScope_IsAcceptedByTheOData()
    {
        var token = await TokenAsync(scope: $"{D365SandboxApp.FakeEnvironmentUrl}/.default");
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await client.GetAsync("data/LegalEntities")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WrongSecret_Returns401InvalidClient()
    {
        using var response = await RequestTokenAsync(secret: "not-the-secret");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetString().ShouldBe("invalid_client");
        error.GetProperty("error_description").GetString()!.ShouldStartWith("AADSTS7000215");
    }

    [Fact]
    public async Task Token_UnknownClient_Returns400UnauthorizedClient()
    {
        using var response = await RequestTokenAsync(clientId: "someone-else");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("unauthorized_client");
    }

    [Fact]
    public async Task Token_UnknownTenant_Returns400TenantNotFound()
    {
        using var response = await RequestTokenAsync(tenant: Guid.Empty.ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_codes")[0].GetInt32().ShouldBe(90002);
    }

    [Fact]
    public async Task Token_OrganizationsEndpoint_IsRejected()
    {
        using var response = await RequestTokenAsync(tenant: "organizations");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_request");
    }

    [Fact]
    public async Task Token_OtherGrantType_Returns400UnsupportedGrantType()
    {
        using var response = await RequestTokenAsync(grant: "password");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("unsupported_grant_type");
    }

    [Fact]
    public async Task Token_ScopeWithoutDotDefault_Returns400InvalidScope()
    {
        using var response = await RequestTokenAsync(scope: $"{Environment}/user_impersonation");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_scope");
    }

    [Fact]
    public async Task Token_ScopeOfUnknownResource_Returns400()
    {
        using var response = await RequestTokenAsync(scope: "https://graph.example.com/.default");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_codes")[0].GetInt32().ShouldBe(500011);
    }

    [Fact]
    public async Task Token_V1EndpointWithResource_IssuesAUsableToken()
    {
        using var response = await Anonymous().PostAsync($"{D365SandboxApp.TenantId}/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = D365SandboxApp.ClientId, ["client_secret"] = D365SandboxApp.ClientSecret, ["resource"] = Environment,
        }));
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await client.GetAsync("data/LegalEntities")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OData_WithoutToken_Returns401WithEmptyBodyAndChallenge()
    {
        using var response = await Anonymous().GetAsync("data/VendorsV2");

        await ShouldBeBare401Async(response);
    }

    [Fact]
    public async Task OData_TokenIssuedBeforeExpireTokensNow_Returns401WithEmptyBody()
    {
        using var client = await ConnectAsync();
        (await client.GetAsync("data/LegalEntities")).StatusCode.ShouldBe(HttpStatusCode.OK);

        Simulator.Faults.ExpireTokensNow();

        using var response = await client.GetAsync("data/LegalEntities");
        await ShouldBeBare401Async(response);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
    }

    [Fact]
    public async Task OData_TokenPastItsExpiry_Returns401WithEmptyBody()
    {
        Simulator.Settings = Simulator.Settings with { TokenLifetime = TimeSpan.Zero };
        using var client = await ConnectAsync();

        using var response = await client.GetAsync("data/LegalEntities");

        await ShouldBeBare401Async(response);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("expired");
    }

    [Fact]
    public async Task OData_TokenForAnotherEnvironment_Returns401WithEmptyBody()
    {
        var token = await TokenAsync(scope: "https://contoso-prod.operations.dynamics.com/.default");
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync("data/LegalEntities");

        await ShouldBeBare401Async(response);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("audience");
    }

    [Fact]
    public async Task OData_TamperedToken_Returns401()
    {
        var token = await TokenAsync();
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^2] + (token.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA"));

        await ShouldBeBare401Async(await client.GetAsync("data/LegalEntities"));
    }

    [Fact]
    public async Task OData_AppNotRegisteredInFinance_Returns401()
    {
        Simulator.RegisterClient(new D365Client(D365SandboxApp.TenantId, "entra-only", "s3cret", "hpus", RegisteredInFinance: false));
        using var client = await ConnectAsync("entra-only", "s3cret");

        await ShouldBeBare401Async(await client.GetAsync("data/LegalEntities"));
    }

    private static async Task ShouldBeBare401Async(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        response.Headers.WwwAuthenticate.First().Scheme.ShouldBe("Bearer");
    }
}
