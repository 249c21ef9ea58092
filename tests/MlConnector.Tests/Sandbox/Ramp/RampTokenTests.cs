using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlConnector.Sandbox.Ramp;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampTokenTests : RampTestBase
{
    [Fact]
    public async Task Token_DefaultAppWithBasicAuth_IssuesOpaqueBearerForTenDays()
    {
        using var response = await RequestTokenAsync(RampSimulator.DefaultClientId, RampSimulator.DefaultClientSecret, "bills:read transactions:read");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("x-trace-id").ShouldBeTrue();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("access_token").GetString()!.ShouldStartWith("ramp_tok_");
        body.GetProperty("token_type").GetString().ShouldBe("Bearer");
        body.GetProperty("expires_in").GetInt32().ShouldBe(864000);
        body.GetProperty("scope").GetString()!.Split(' ').ShouldBe(["bills:read", "transactions:read"], ignoreOrder: true);
    }

    [Fact]
    public async Task Token_WrongSecret_Returns401WithErrorEnvelopeAndTraceId()
    {
        using var response = await RequestTokenAsync(RampSimulator.DefaultClientId, "not-the-secret", "bills:read");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Contains("x-trace-id").ShouldBeTrue();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        ErrorCode(body).ShouldStartWith("DEVELOPER_7");
        body.GetProperty("error_v2").GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Token_UnknownClient_Returns401()
    {
        using var response = await RequestTokenAsync("who-is-this", "secret", "bills:read");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_NoBasicAuth_Returns401()
    {
        using var response = await Anonymous.PostAsync("developer/v1/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "bills:read" }));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_ScopeOutsideTheAppsAllowedSet_Returns403()
    {
        Simulator.RegisterApp("restricted-app", "restricted-secret", ["bills:read"]);

        using var response = await RequestTokenAsync("restricted-app", "restricted-secret", "bills:read accounting:write");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        ErrorCode(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("DEVELOPER_7100");
    }

    [Fact]
    public async Task Token_RestrictedAppWithinItsScopes_IsIssued()
    {
        Simulator.RegisterApp("restricted-app", "restricted-secret", ["bills:read"]);

        using var response = await RequestTokenAsync("restricted-app", "restricted-secret", "bills:read");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_UnsupportedGrantType_Returns400()
    {
        using var response = await RequestTokenAsync(RampSimulator.DefaultClientId, RampSimulator.DefaultClientSecret, "bills:read", "password");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Token_WithoutScope_GivesATokenThatNoScopedEndpointAccepts()
    {
        using var response = await RequestTokenAsync(RampSimulator.DefaultClientId, RampSimulator.DefaultClientSecret, scope: null);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        Anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var (status, body) = await GetAsync(Anonymous, "developer/v1/bills");

        status.ShouldBe(HttpStatusCode.Forbidden);
        ErrorCode(body).ShouldBe("DEVELOPER_7100");
    }

    [Fact]
    public async Task Api_WithoutBearerToken_Returns401WithEnvelope()
    {
        using var response = await Anonymous.GetAsync("developer/v1/transactions");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Contains("x-trace-id").ShouldBeTrue();
        ErrorCode(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("DEVELOPER_7003");
    }

    [Fact]
    public async Task Api_WithUnknownToken_Returns401()
    {
        Anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ramp_tok_made_up");

        var (status, _) = await GetAsync(Anonymous, "developer/v1/transactions");

        status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Api_TokenIssuedBeforeExpireTokensNow_Returns401()
    {
        using var client = await ClientAsync("transactions:read");
        (await GetAsync(client, "developer/v1/transactions")).Status.ShouldBe(HttpStatusCode.OK);

        (await Anonymous.PostAsync("_control/expire-tokens", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await GetAsync(client, "developer/v1/transactions")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        using var fresh = await ClientAsync("transactions:read");
        (await GetAsync(fresh, "developer/v1/transactions")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("developer/v1/transactions", "bills:read")]
    [InlineData("developer/v1/bills", "transactions:read")]
    [InlineData("developer/v1/vendors", "accounting:read")]
    [InlineData("developer/v1/accounting/accounts", "vendors:read")]
    [InlineData("developer/v1/purchase-orders", "bills:read")]
    [InlineData("developer/v1/entities", "bills:read")]
    [InlineData("developer/v1/accounting/all-connections", "accounting:write")]
    public async Task Api_TokenWithoutTheEndpointsScope_Returns403(string path, string otherScope)
    {
        using var client = await ClientAsync(otherScope);

        var (status, body) = await GetAsync(client, path);

        status.ShouldBe(HttpStatusCode.Forbidden);
        ErrorCode(body).ShouldBe("DEVELOPER_7100");
    }

    [Fact]
    public async Task Api_AccountingWriteWithReadOnlyScope_Returns403()
    {
        using var client = await ClientAsync("accounting:read");

        var (status, _) = await PostAsync(client, "developer/v1/accounting/connection", new { remote_provider_name = "x" });

        status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Api_UnknownPath_Returns404WithEnvelopeAndTraceId()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync("developer/v1/no-such-thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Headers.Contains("x-trace-id").ShouldBeTrue();
        ErrorCode(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("DEVELOPER_7002");
    }

    [Fact]
    public async Task Fault_RateLimited_Returns429WithRetryAfterEnvelopeAndTraceId()
    {
        using var client = await ClientAsync("transactions:read");
        (await Anonymous.PutAsJsonAsync("_control/faults", new { RateLimitNext = 1, RetryAfterSeconds = 3 })).EnsureSuccessStatusCode();

        using var response = await client.GetAsync("developer/v1/transactions");

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(3));
        response.Headers.Contains("x-trace-id").ShouldBeTrue();
        ErrorCode(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldStartWith("DEVELOPER_");
        (await client.GetAsync("developer/v1/transactions")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Fault_ServerError_Returns5xxWithEnvelopeAndTraceId()
    {
        using var client = await ClientAsync("transactions:read");
        (await Anonymous.PutAsJsonAsync("_control/faults", new { ServerErrorNext = 1 })).EnsureSuccessStatusCode();

        using var response = await client.GetAsync("developer/v1/transactions");

        ((int)response.StatusCode).ShouldBeGreaterThanOrEqualTo(500);
        response.Headers.Contains("x-trace-id").ShouldBeTrue();
        ErrorCode(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldStartWith("DEVELOPER_");
    }

    private async Task<HttpResponseMessage> RevokeAsync(string clientId, string secret, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "developer/v1/token/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return await Anonymous.SendAsync(request);
    }

    [Fact]
    public async Task Revoke_OwnToken_MakesItUnusable()
    {
        using var client = await ClientAsync("bills:read");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;

        using var response = await RevokeAsync(RampSimulator.DefaultClientId, RampSimulator.DefaultClientSecret, token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(client, "developer/v1/bills")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoke_WithoutValidClientCredentials_Returns401AndKeepsTheToken()
    {
        using var client = await ClientAsync("bills:read");

        using var response = await RevokeAsync(RampSimulator.DefaultClientId, "wrong", client.DefaultRequestHeaders.Authorization!.Parameter!);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await GetAsync(client, "developer/v1/bills")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoke_AnotherAppsToken_Returns200ButKeepsIt()
    {
        Simulator.RegisterApp("other-app", "other-secret", ["bills:read"]);
        using var client = await ClientAsync("bills:read");

        using var response = await RevokeAsync("other-app", "other-secret", client.DefaultRequestHeaders.Authorization!.Parameter!);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(client, "developer/v1/bills")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
