using System.Net;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>The test-only "post" action: a posted vendor invoice is locked and leaves the pending sets (contract §4, §6).</summary>
public sealed class D365PostedInvoiceTests(SandboxHost host) : D365TestBase(host)
{
    private string Header(string reference) => $"data/VendorInvoiceHeaders(dataAreaId='hpus',HeaderReference='{reference}')";

    [Fact]
    public async Task Line_PostedHeader_FailsWithInfolog()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-LOCKED");
        (await Anonymous().PostAsync($"_control/vendor-invoices/hpus/{reference}/post", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine(reference)));

        infolog.ShouldContain("has been posted");
    }

    [Fact]
    public async Task Header_PatchOrDeleteAfterPosting_FailsWithInfolog()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-FROZEN");
        Simulator.PostVendorInvoice("hpus", reference);

        (await ShouldBeWriteFailureAsync(await PatchJsonAsync(client, Header(reference), new { InvoiceDescription = "Too late" }))).ShouldContain("posted");
        (await ShouldBeWriteFailureAsync(await client.DeleteAsync(Header(reference)))).ShouldContain("posted");
    }

    [Fact]
    public async Task PostedInvoice_LeavesThePendingSets()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-GONE");
        (await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine(reference))).StatusCode.ShouldBe(HttpStatusCode.Created);

        Simulator.PostVendorInvoice("hpus", reference).ShouldBeTrue();

        (await GetJsonAsync(client, "data/VendorInvoiceHeaders")).GetProperty("value").GetArrayLength().ShouldBe(0);
        (await GetJsonAsync(client, "data/VendorInvoiceLines")).GetProperty("value").GetArrayLength().ShouldBe(0);
        (await client.GetAsync(Header(reference))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostedInvoice_WithHidingSwitchedOff_StaysListed()
    {
        Simulator.Settings = Simulator.Settings with { HidePostedInvoices = false };
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-KEPT");

        Simulator.PostVendorInvoice("hpus", reference);

        (await GetJsonAsync(client, Header(reference))).GetProperty("InvoiceNumber").GetString().ShouldBe("INV-KEPT");
    }

    [Fact]
    public async Task PostAction_UnknownInvoice_Returns404()
    {
        (await Anonymous().PostAsync("_control/vendor-invoices/hpus/APINV424242/post", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
