using System.Net;
using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §4 and §6: pending vendor invoice headers and lines, number sequences, posting locks, duplicates.</summary>
public sealed class D365VendorInvoiceTests(SandboxHost host) : D365TestBase(host)
{
    private string Header(string reference) => $"data/VendorInvoiceHeaders(dataAreaId='hpus',HeaderReference='{reference}')";

    [Fact]
    public async Task Header_Post_Returns201WithHeaderReferenceFromTheNumberSequence()
    {
        using var client = await ConnectAsync();

        var first = await CreateInvoiceHeaderAsync(client, "INV-1");
        var second = await CreateInvoiceHeaderAsync(client, "INV-2");

        first.ShouldBe("APINV000001");
        second.ShouldBe("APINV000002");
        var stored = await GetJsonAsync(client, Header(second));
        stored.GetProperty("InvoiceNumber").GetString().ShouldBe("INV-2");
        stored.GetProperty("VendorAccount").GetString().ShouldBe(UsVendor);
    }

    [Fact]
    public async Task Header_Post_AnswersLocationOfTheNewEntity()
    {
        using var client = await ConnectAsync();

        using var response = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceNumber = "INV-L", InvoiceAccount = UsVendor });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"{Environment}/data/VendorInvoiceHeaders(dataAreaId='hpus',HeaderReference='APINV000001')");
    }

    [Fact]
    public async Task Header_SuppliedHeaderReference_IsReplacedByTheSequenceUnlessKept()
    {
        using var client = await ConnectAsync();
        using var replaced = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { HeaderReference = "MINE-1", InvoiceNumber = "INV-A", InvoiceAccount = UsVendor });
        (await JsonAsync(replaced)).GetProperty("HeaderReference").GetString().ShouldBe("APINV000001");

        Simulator.Settings = Simulator.Settings with { KeepSuppliedDocumentNumbers = true };
        using var kept = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { HeaderReference = "MINE-1", InvoiceNumber = "INV-B", InvoiceAccount = UsVendor });

        (await JsonAsync(kept)).GetProperty("HeaderReference").GetString().ShouldBe("MINE-1");
    }

    [Fact]
    public async Task Header_NumberSequence_IsPerCompany()
    {
        var ukVendor = Simulator.Company.Vendors.First(v => v.LegalEntityId == "hpuk" && v.Active && !v.OnHold).Number;
        using var client = await ConnectAsync();
        await CreateInvoiceHeaderAsync(client, "INV-US");

        using var uk = await PostJsonAsync(client, "data/VendorInvoiceHeaders?cross-company=true", new { dataAreaId = "hpuk", InvoiceNumber = "INV-UK", InvoiceAccount = ukVendor });

        var created = await JsonAsync(uk);
        created.GetProperty("dataAreaId").GetString().ShouldBe("hpuk");
        created.GetProperty("HeaderReference").GetString().ShouldBe("APINV000001");
        created.GetProperty("Currency").GetString().ShouldBe("GBP");
    }

    [Fact]
    public async Task Header_WithoutInvoiceNumber_FailsWithInfolog()
    {
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceAccount = UsVendor }));

        infolog.ShouldContain("Field 'Invoice' must be filled in");
    }

    [Fact]
    public async Task Header_UnknownVendor_FailsWithInfolog()
    {
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceNumber = "INV-X", InvoiceAccount = "V99999" }));

        infolog.ShouldContain("'V99999'");
        infolog.ShouldContain("Vendors");
    }

    [Fact]
    public async Task Header_VendorOnHold_FailsWithInfolog()
    {
        var held = Simulator.Company.Vendors.First(v => v.LegalEntityId == "hpus" && v.OnHold).Number;
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceNumber = "INV-H", InvoiceAccount = held }));

        infolog.ShouldContain("on hold");
    }

    [Fact]
    public async Task Header_UnknownCompany_FailsWithInfolog()
    {
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { dataAreaId = "usmf", InvoiceNumber = "INV-C", InvoiceAccount = UsVendor }));

        infolog.ShouldContain("'usmf'");
    }

    [Fact]
    public async Task Header_UnknownProperty_Returns400()
    {
        using var client = await ConnectAsync();

        using var response = await PostJsonAsync(client, "data/VendorInvoiceHeaders", new { InvoiceNumber = "INV-P", InvoiceAccount = UsVendor, VendorName = "x" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("error").GetProperty("message").GetString()!.ShouldContain("VendorName");
    }

    [Fact]
    public async Task Header_ReadOnlySet_RejectsWrites()
    {
        using var client = await ConnectAsync();

        (await PostJsonAsync(client, "data/VendorsV2", new { VendorAccountNumber = "V1" })).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Line_Post_NumbersLinesAndComputesNetAmount()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-LINES");

        using var first = await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine(reference));
        using var second = await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine(reference));

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await JsonAsync(first)).GetProperty("InvoiceLineNumber").GetInt64().ShouldBe(1);
        var line = await JsonAsync(second);
        line.GetProperty("InvoiceLineNumber").GetInt64().ShouldBe(2);
        line.GetProperty("NetAmount").GetDecimal().ShouldBe(100m);
        line.GetProperty("VendorAccount").GetString().ShouldBe(UsVendor);
    }

    [Fact]
    public async Task Line_UnknownHeader_FailsWithInfolog()
    {
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine("APINV999999")));

        infolog.ShouldContain("'APINV999999' does not exist");
    }

    [Fact]
    public async Task Line_WithoutCurrency_FailsWithInfolog()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-CUR");

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceLines", new { HeaderReference = reference, LineDescription = "x" }));

        infolog.ShouldContain("'Currency'");
    }

    [Theory]
    [InlineData("9999", "does not exist")]
    [InlineData("1013", "suspended")]
    public async Task Line_UnusableMainAccount_FailsWithInfolog(string account, string expected)
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-ACC");

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine(reference, account: account)));

        infolog.ShouldContain(expected);
    }

    [Fact]
    public async Task Line_ExistingLineNumber_FailsAsAlreadyExists()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-TWO");
        (await PostJsonAsync(client, "data/VendorInvoiceLines", new { HeaderReference = reference, InvoiceLineNumber = 1, Currency = "USD" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceLines", new { HeaderReference = reference, InvoiceLineNumber = 1, Currency = "USD" }));

        infolog.ShouldContain("The record already exists");
    }

    [Fact]
    public async Task Header_PatchBeforePosting_Returns204AndUpdates()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-EDIT");

        (await PatchJsonAsync(client, Header(reference), new { InvoiceDescription = "Edited" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await GetJsonAsync(client, Header(reference))).GetProperty("InvoiceDescription").GetString().ShouldBe("Edited");
    }

    [Fact]
    public async Task Header_PatchChangingTheKey_Returns400()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-KEY");

        (await PatchJsonAsync(client, Header(reference), new { HeaderReference = "OTHER" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Header_Delete_RemovesTheHeaderAndItsLines()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-ORPHAN");
        (await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine(reference))).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await client.DeleteAsync(Header(reference))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync(Header(reference))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetJsonAsync(client, "data/VendorInvoiceLines")).GetProperty("value").GetArrayLength().ShouldBe(0);
    }
}
