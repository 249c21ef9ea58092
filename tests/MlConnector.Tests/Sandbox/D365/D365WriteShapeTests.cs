using System.Net;
using System.Text;
using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §2 for writes: body parsing, quoted keys, and company scoping of key-addressed writes.</summary>
public sealed class D365WriteShapeTests(SandboxHost host) : D365TestBase(host)
{
    [Fact]
    public async Task Body_NotJson_Returns400()
    {
        using var client = await ConnectAsync();

        using var response = await client.PostAsync("data/VendorInvoiceHeaders", new StringContent("{not json", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Body_ValueOfTheWrongType_Returns400()
    {
        using var client = await ConnectAsync();

        using var response = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceNumber = "INV-T", InvoiceAccount = UsVendor, InvoiceDate = 20261101 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("error").GetProperty("message").GetString()!.ShouldContain("InvoiceDate");
    }

    [Fact]
    public async Task Body_DecimalsAsStrings_AreAcceptedLikeIeee754Compatible()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-STR");

        using var response = await PostJsonAsync(client, "data/VendorInvoiceLines",
            new { HeaderReference = reference, Currency = "USD", ReceiveNow = "3", UnitPrice = "19.99" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await JsonAsync(response)).GetProperty("NetAmount").GetDecimal().ShouldBe(59.97m);
    }

    [Fact]
    public async Task Key_WithDoubledQuote_AddressesTheValueWithOneQuote()
    {
        Simulator.Settings = Simulator.Settings with { KeepSuppliedDocumentNumbers = true };
        using var client = await ConnectAsync();
        using var created = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { HeaderReference = "O'NEIL-1", InvoiceNumber = "INV-Q", InvoiceAccount = UsVendor });
        created.Headers.Location!.ToString().ShouldEndWith("HeaderReference='O''NEIL-1')");

        var header = await GetJsonAsync(client, "data/VendorInvoiceHeaders(dataAreaId='hpus',HeaderReference='O''NEIL-1')");

        header.GetProperty("HeaderReference").GetString().ShouldBe("O'NEIL-1");
    }

    [Fact]
    public async Task Post_WithoutDataAreaId_LandsInTheCallersDefaultCompany()
    {
        var ukVendor = Simulator.Company.Vendors.First(v => v.LegalEntityId == "hpuk" && v.Active && !v.OnHold).Number;
        Simulator.RegisterClient(new D365Client(D365SandboxApp.TenantId, "uk-writer", "pw", "hpuk"));
        using var client = await ConnectAsync("uk-writer", "pw");

        using var response = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceNumber = "INV-UK", InvoiceAccount = ukVendor });

        (await JsonAsync(response)).GetProperty("dataAreaId").GetString().ShouldBe("hpuk");
    }

    [Fact]
    public async Task PatchAndDelete_InAnotherCompanyWithoutCrossCompany_Return404()
    {
        var ukVendor = Simulator.Company.Vendors.First(v => v.LegalEntityId == "hpuk" && v.Active && !v.OnHold).Number;
        using var client = await ConnectAsync();
        using var created = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { dataAreaId = "hpuk", InvoiceNumber = "INV-X", InvoiceAccount = ukVendor });
        var url = $"data/VendorInvoiceHeaders(dataAreaId='hpuk',HeaderReference='{(await JsonAsync(created)).GetProperty("HeaderReference").GetString()}')";

        (await PatchJsonAsync(client, url, new { InvoiceDescription = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PatchJsonAsync(client, url + "?cross-company=true", new { InvoiceDescription = "x" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.DeleteAsync(url + "?cross-company=true")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task KeyAccess_SwitchedOff_ReadsOtherCompaniesWithoutCrossCompany()
    {
        Simulator.Settings = Simulator.Settings with { RequireCrossCompanyForKeyAccess = false };
        var ukVendor = Simulator.Company.Vendors.First(v => v.LegalEntityId == "hpuk").Number;
        using var client = await ConnectAsync();

        (await client.GetAsync($"data/VendorsV2(dataAreaId='hpuk',VendorAccountNumber='{ukVendor}')")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
