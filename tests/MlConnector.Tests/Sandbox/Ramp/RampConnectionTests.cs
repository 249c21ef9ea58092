using System.Net;
using System.Text.Json;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampConnectionTests : RampTestBase
{
    [Fact]
    public async Task Connection_Register_Returns201LinkedAndActive()
    {
        using var client = await ClientAsync();

        var (status, body) = await PostAsync(client, "developer/v1/accounting/connection", new { remote_provider_name = "Dynamics 365" });

        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("status").GetString().ShouldBe("linked");
        body.GetProperty("is_active").GetBoolean().ShouldBeTrue();
        body.GetProperty("remote_provider_name").GetString().ShouldBe("Dynamics 365");
        (await GetAsync(client, "developer/v1/accounting/connection")).Body.GetProperty("id").GetString().ShouldBe(body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Connection_SecondWhileOneIsActive_Returns400()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, body) = await PostAsync(client, "developer/v1/accounting/connection", new { remote_provider_name = "Other ERP" });

        status.ShouldBe(HttpStatusCode.BadRequest);
        ErrorCode(body).ShouldStartWith("DEVELOPER_7");
    }

    [Fact]
    public async Task Connection_MissingProviderName_Returns422()
    {
        using var client = await ClientAsync();

        var (status, body) = await PostAsync(client, "developer/v1/accounting/connection", new { reactivate = false });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorCode(body).ShouldBe("DEVELOPER_7001");
    }

    [Fact]
    public async Task Connection_PostWithoutBody_Returns400Developer7011()
    {
        using var client = await ClientAsync();

        using var response = await client.PostAsync("developer/v1/accounting/connection", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErrorCode(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement).ShouldBe("DEVELOPER_7011");
    }

    [Fact]
    public async Task Connection_Delete_UnlinksItAndAllowsANewOne()
    {
        using var client = await ClientAsync();
        var first = await ConnectAsync(client);

        (await SendAsync(client, HttpMethod.Delete, "developer/v1/accounting/connection")).Status.ShouldBe(HttpStatusCode.NoContent);
        var second = await ConnectAsync(client, "Second ERP");

        var connections = (await GetAsync(client, "developer/v1/accounting/all-connections")).Body.GetProperty("connections").EnumerateArray().ToList();
        connections.Count.ShouldBe(2);
        connections.Single(c => c.GetProperty("id").GetString() == first).GetProperty("status").GetString().ShouldBe("unlinked");
        connections.Single(c => c.GetProperty("id").GetString() == second).GetProperty("is_active").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Connection_DeleteWithNoneActive_Returns404()
    {
        using var client = await ClientAsync();

        (await SendAsync(client, HttpMethod.Delete, "developer/v1/accounting/connection")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Chart_BelongsToItsConnection_NewConnectionStartsEmpty()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        (await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300") } })).Status.ShouldBe(HttpStatusCode.Created);

        (await SendAsync(client, HttpMethod.Delete, "developer/v1/accounting/connection")).Status.ShouldBe(HttpStatusCode.NoContent);
        await ConnectAsync(client, "Next ERP");

        (await GetAllAsync(client, "accounting/accounts")).ShouldBeEmpty();
        (await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300") } })).Status.ShouldBe(HttpStatusCode.Created);
    }
}
