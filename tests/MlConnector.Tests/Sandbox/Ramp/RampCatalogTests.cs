using System.Net;
using System.Text.Json;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampCatalogTests : RampTestBase
{
    [Theory]
    [InlineData("purchase-orders")]
    [InlineData("purchase_orders")]
    public async Task PurchaseOrders_ListEverySeededOrder(string path)
    {
        using var client = await ClientAsync("purchase_orders:read");

        var orders = await GetAllAsync(client, $"{path}?page_size=100");

        orders.Count.ShouldBe(Simulator.Company.PurchaseOrders.Count);
        var seed = Simulator.Company.PurchaseOrders[0];
        var order = orders.Single(o => o.GetProperty("id").GetString() == seed.Id);
        order.GetProperty("amount").GetProperty("amount").GetInt64().ShouldBe((long)(seed.Lines.Sum(l => l.Amount) * 100));
        order.GetProperty("line_items").GetArrayLength().ShouldBe(seed.Lines.Count);
    }

    [Fact]
    public async Task Entities_AreTheThreeLegalEntities_UsPrimary()
    {
        using var client = await ClientAsync("entities:read");

        var entities = await GetAllAsync(client, "entities");

        entities.Select(e => e.GetProperty("currency").GetString()).ShouldBe(["USD", "GBP", "NOK"], ignoreOrder: true);
        entities.Single(e => e.GetProperty("is_primary").GetBoolean()).GetProperty("currency").GetString().ShouldBe("USD");
    }

    [Fact]
    public async Task Ids_SameSeed_SameIdsOnAnotherHost()
    {
        using var client = await ClientAsync("vendors:read");
        var other = new MlConnector.Tests.Infrastructure.SandboxHost();
        await other.InitializeAsync();
        try
        {
            using var otherClient = other.ClientFor("ramp");
            otherClient.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(otherClient, "vendors:read"));

            var mine = (await GetAllAsync(client, "vendors?page_size=100")).Select(v => v.GetProperty("id").GetString()).ToList();
            var theirs = (await GetAllAsync(otherClient, "vendors?page_size=100")).Select(v => v.GetProperty("id").GetString()).ToList();

            mine.ShouldNotBeEmpty();
            theirs.ShouldBe(mine);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reset_RestoresTheSeededState()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var ready = (await GetAllAsync(client, "transactions?page_size=100&sync_status=SYNC_READY"))[0].GetProperty("id").GetString();
        (await PostAsync(client, "developer/v1/accounting/syncs", new
        {
            idempotency_key = Key(), sync_type = "TRANSACTION_SYNC", successful_syncs = new[] { new { id = ready, reference_id = "JE-1" } },
        })).Status.ShouldBe(HttpStatusCode.Created);

        (await Anonymous.PostAsync("_control/reset", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await GetAsync(client, $"developer/v1/transactions/{ready}")).Body.GetProperty("sync_status").GetString().ShouldBe("SYNC_READY");
        (await GetAsync(client, "developer/v1/accounting/all-connections")).Body.GetProperty("connections").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task PurchaseOrder_UnknownId_Returns404()
    {
        using var client = await ClientAsync("purchase_orders:read");

        var (status, body) = await GetAsync(client, $"developer/v1/purchase-orders/{Guid.NewGuid()}");

        status.ShouldBe(HttpStatusCode.NotFound);
        ErrorCode(body).ShouldBe("DEVELOPER_7002");
    }
}
