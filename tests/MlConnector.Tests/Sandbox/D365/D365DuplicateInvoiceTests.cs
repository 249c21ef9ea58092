using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §6: the invoice number check per (company, invoice account, number) and its policy switch.</summary>
public sealed class D365DuplicateInvoiceTests(SandboxHost host) : D365TestBase(host)
{
    private string Header(string reference) => $"data/VendorInvoiceHeaders(dataAreaId='hpus',HeaderReference='{reference}')";

    [Fact]
    public async Task Duplicate_SameVendorAndNumber_IsRejectedByDefault()
    {
        using var client = await ConnectAsync();
        await CreateInvoiceHeaderAsync(client, "INV-DUP");

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceNumber = "inv-dup", InvoiceAccount = UsVendor }));

        infolog.ShouldContain("inv-dup");
        infolog.ShouldContain("already used");
    }

    [Fact]
    public async Task Duplicate_SameNumberForAnotherVendor_IsAccepted()
    {
        var other = Simulator.Company.Vendors.Where(v => v.LegalEntityId == "hpus" && v.Active && !v.OnHold).Skip(1).First().Number;
        using var client = await ConnectAsync();
        await CreateInvoiceHeaderAsync(client, "INV-SHARED");

        await CreateInvoiceHeaderAsync(client, "INV-SHARED", other);
    }

    [Fact]
    public async Task Duplicate_OfAPostedInvoice_IsRejectedToo()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-POSTED");
        Simulator.PostVendorInvoice("hpus", reference).ShouldBeTrue();

        await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceNumber = "INV-POSTED", InvoiceAccount = UsVendor }));
    }

    [Fact]
    public async Task Duplicate_AcceptPolicy_CreatesBoth()
    {
        Simulator.Settings = Simulator.Settings with { DuplicateInvoices = DuplicateInvoicePolicy.Accept };
        using var client = await ConnectAsync();

        (await CreateInvoiceHeaderAsync(client, "INV-TWICE")).ShouldNotBe(await CreateInvoiceHeaderAsync(client, "INV-TWICE"));
    }

    [Fact]
    public async Task Duplicate_WarnPolicy_CreatesItWithAWarningInLog()
    {
        Simulator.Settings = Simulator.Settings with { DuplicateInvoices = DuplicateInvoicePolicy.Warn };
        using var client = await ConnectAsync();
        await CreateInvoiceHeaderAsync(client, "INV-WARN");

        var second = await CreateInvoiceHeaderAsync(client, "INV-WARN");

        (await GetJsonAsync(client, Header(second))).GetProperty("Log").GetString()!.ShouldStartWith("Warning:");
    }

    [Fact]
    public async Task Duplicate_PatchToAnotherHeadersNumber_IsRejected_ButKeepingItsOwnIsNot()
    {
        using var client = await ConnectAsync();
        await CreateInvoiceHeaderAsync(client, "INV-FIRST");
        var second = await CreateInvoiceHeaderAsync(client, "INV-SECOND");

        (await PatchJsonAsync(client, Header(second), new { InvoiceNumber = "INV-SECOND", InvoiceDescription = "same number" })).StatusCode
            .ShouldBe(System.Net.HttpStatusCode.NoContent);
        (await ShouldBeWriteFailureAsync(await PatchJsonAsync(client, Header(second), new { InvoiceNumber = "INV-FIRST" }))).ShouldContain("already used");
    }
}
