using System.Net;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary><c>/v1/purchaseorder</c> (contract §6.5): the seeded orders of hpno, filters and create.</summary>
public sealed class VismaPurchaseOrderTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private readonly VismaApi api = new(host);

    private object Order(string? supplier = null, string account = Wire.ExpenseAccount, string type = "RegularOrder") => new
    {
        orderType = Wire.V(type),
        supplier = Wire.V(supplier ?? api.Supplier().Number),
        date = Wire.V("2026-11-12"),
        description = Wire.V("Laptops for new hires"),
        lines = new[]
        {
            new
            {
                operation = "Insert", lineDescription = Wire.V("Laptop"), orderQty = Wire.V(3), unitCost = Wire.V(12000),
                account = Wire.V(account), sub = new[] { new { segmentId = 1, segmentValue = Wire.Department } },
            },
        },
    };

    [Fact]
    public async Task List_ReturnsTheSeededOrdersOfTheCompany()
    {
        using var client = await api.ClientAsync();
        var seeded = api.Simulator.Company.PurchaseOrders.Where(p => p.LegalEntityId == "hpno").OrderBy(p => p.Number, StringComparer.Ordinal).First();

        var orders = await client.GetJsonAsync("v1/purchaseorder?pageSize=100");

        var order = orders.EnumerateArray().Single(o => o.GetProperty("orderNbr").GetString() == seeded.Number);
        order.GetProperty("supplier").GetProperty("number").GetString().ShouldBe(seeded.VendorNumber);
        order.GetProperty("currency").GetString().ShouldBe("NOK");
        order.GetProperty("orderTotal").GetDecimal().ShouldBe(seeded.Lines.Sum(l => l.Amount));
        order.GetProperty("lines").GetArrayLength().ShouldBe(seeded.Lines.Count);
        order.GetProperty("status").GetString().ShouldBe(seeded.Open ? "Open" : "Closed");
    }

    [Fact]
    public async Task List_FilterByStatus_ReturnsOnlyThatStatus()
    {
        using var client = await api.ClientAsync();

        var closed = await client.GetJsonAsync("v1/purchaseorder?orderStatus=Closed&pageSize=100");

        closed.GetArrayLength().ShouldBeGreaterThan(0);
        closed.EnumerateArray().ShouldAllBe(o => o.GetProperty("status").GetString() == "Closed");
    }

    [Fact]
    public async Task List_OrderDateCondition_Filters()
    {
        using var client = await api.ClientAsync();
        var seeded = api.Simulator.Company.PurchaseOrders.Where(p => p.LegalEntityId == "hpno").ToList();
        var latest = seeded.Max(p => p.OrderedOn);

        var recent = await client.GetJsonAsync($"v1/purchaseorder?orderDate={latest:yyyy-MM-dd}&orderDateCondition=%3E%3D&pageSize=100");

        recent.EnumerateArray().Select(o => o.GetProperty("orderNbr").GetString()).Where(n => seeded.Any(p => p.Number == n))
            .ShouldBe(seeded.Where(p => p.OrderedOn >= latest).Select(p => p.Number).Order(StringComparer.Ordinal));
        seeded.Count(p => p.OrderedOn < latest).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Get_UnknownOrder_Is404()
    {
        using var client = await api.ClientAsync();

        await (await client.GetAsync("v1/purchaseorder/PO999999")).ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_WrappedBody_Is201WithLocation_AndReadsBack()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/purchaseorder", Wire.Body(Order()));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var order = await client.GetJsonAsync(response.Headers.Location!.AbsoluteUri);
        order.GetProperty("status").GetString().ShouldBe("Open");
        order.GetProperty("orderTotal").GetDecimal().ShouldBe(36000m);
        order.GetProperty("supplier").GetProperty("number").GetString().ShouldBe(api.Supplier().Number);
        order.GetProperty("lines")[0].GetProperty("account").GetProperty("number").GetString().ShouldBe(Wire.ExpenseAccount);
    }

    [Fact]
    public async Task Create_UnknownSupplier_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/purchaseorder", Wire.Body(Order(supplier: "V99999")));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("V99999");
    }

    [Fact]
    public async Task Create_UnknownAccount_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/purchaseorder", Wire.Body(Order(account: "9999")));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("9999");
    }

    [Fact]
    public async Task Create_UnknownOrderType_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/purchaseorder", Wire.Body(Order(type: "Wishlist")));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("orderType");
    }
}
