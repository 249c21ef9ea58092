using System.Net;
using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §5: display strings read positionally against the active integration formats.</summary>
public sealed class D365DimensionTests(SandboxHost host) : D365TestBase(host)
{
    private async Task<HttpResponseMessage> PostLineAsync(HttpClient client, string dimensions)
    {
        var reference = await CreateInvoiceHeaderAsync(client, $"INV-{Guid.NewGuid():N}");
        return await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine(reference, dimensions));
    }

    [Fact]
    public async Task DisplayValue_MatchingTheFormat_IsStoredAsSent()
    {
        using var client = await ConnectAsync();

        using var response = await PostLineAsync(client, "D010-CC100");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await JsonAsync(response)).GetProperty("DimensionDisplayValue").GetString().ShouldBe("D010-CC100");
    }

    [Fact]
    public async Task DisplayValue_ExtraSegments_AreDroppedSilently()
    {
        using var client = await ConnectAsync();

        using var response = await PostLineAsync(client, "D010-CC100-ABC");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await JsonAsync(response)).GetProperty("DimensionDisplayValue").GetString().ShouldBe("D010-CC100");
    }

    [Fact]
    public async Task DisplayValue_MissingSegments_StayBlank()
    {
        using var client = await ConnectAsync();

        using var response = await PostLineAsync(client, "D010");

        (await JsonAsync(response)).GetProperty("DimensionDisplayValue").GetString().ShouldBe("D010-");
    }

    [Fact]
    public async Task DisplayValue_UnknownValue_FailsWithInfolog()
    {
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostLineAsync(client, "D999-CC100"));

        infolog.ShouldContain("'D999'");
        infolog.ShouldContain("'Department'");
    }

    [Fact]
    public async Task DisplayValue_SuspendedValue_FailsWithInfolog()
    {
        var closed = Simulator.Company.Dimensions.First(d => !d.Active).Code;
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostLineAsync(client, $"D010-{closed}"));

        infolog.ShouldContain("suspended");
    }

    [Fact]
    public async Task DisplayValue_ValuesInTheWrongOrder_FailAgainstTheActiveFormat()
    {
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostLineAsync(client, "CC100-D010"));

        infolog.ShouldContain("'CC100'");
    }

    [Fact]
    public async Task DisplayValue_SwitchedFormat_ReadsSegmentsInTheNewOrder()
    {
        Simulator.Settings = Simulator.Settings with { DefaultDimensionFormat = new DimensionFormat(["CostCenter", "Department"]) };
        using var client = await ConnectAsync();

        (await PostLineAsync(client, "CC100-D010")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ShouldBeWriteFailureAsync(await PostLineAsync(client, "D010-CC100"));
    }

    [Fact]
    public async Task DisplayValue_NoActiveFormat_FailsWithInfolog()
    {
        Simulator.Settings = Simulator.Settings with { DefaultDimensionFormat = null };
        using var client = await ConnectAsync();

        (await ShouldBeWriteFailureAsync(await PostLineAsync(client, "D010-CC100"))).ShouldContain("No active financial dimension format");
    }

    [Fact]
    public async Task DisplayValue_OnTheHeader_IsCheckedToo()
    {
        using var client = await ConnectAsync();

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/VendorInvoiceHeaders",
            new { InvoiceNumber = "INV-HDIM", InvoiceAccount = UsVendor, DimensionDisplayValue = "D010-CC999" }));

        infolog.ShouldContain("'CC999'");
    }

    [Fact]
    public async Task LedgerDisplayValue_OnJournalLine_UsesTheLedgerFormatAndDropsExtras()
    {
        using var client = await ConnectAsync();
        var batch = await D365JournalTests.CreateJournalAsync(client);

        using var response = await PostJsonAsync(client, "data/LedgerJournalLines", D365JournalTests.Line(batch, account: "6300-D010-CC100-EXTRA"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await JsonAsync(response)).GetProperty("AccountDisplayValue").GetString().ShouldBe("6300-D010-CC100");
    }

    [Fact]
    public async Task LedgerDisplayValue_SwitchedLedgerFormat_IsReadPositionally()
    {
        Simulator.Settings = Simulator.Settings with { LedgerDimensionFormat = new DimensionFormat(["MainAccount", "CostCenter"]) };
        using var client = await ConnectAsync();
        var batch = await D365JournalTests.CreateJournalAsync(client);

        (await PostJsonAsync(client, "data/LedgerJournalLines", D365JournalTests.Line(batch, account: "6300-CC100"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalLines", D365JournalTests.Line(batch, account: "6300-D010"))))
            .ShouldContain("'D010'");
    }

    [Fact]
    public async Task LedgerDisplayValue_UnknownMainAccount_FailsWithInfolog()
    {
        using var client = await ConnectAsync();
        var batch = await D365JournalTests.CreateJournalAsync(client);

        var infolog = await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalLines", D365JournalTests.Line(batch, account: "9999-D010-CC100")));

        infolog.ShouldContain("'MainAccount'");
    }
}
