using System.Net;
using System.Text.Json;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §4: general journal headers (numbered by the server) and lines against unposted headers.</summary>
public sealed class D365JournalTests(SandboxHost host) : D365TestBase(host)
{
    internal static async Task<string> CreateJournalAsync(HttpClient client, string name = "GenJrn")
    {
        using var response = await PostJsonAsync(client, "data/LedgerJournalHeaders", new { JournalName = name, Description = "Ramp card spend" });
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(201, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("JournalBatchNumber").GetString()!;
    }

    internal static object Line(string batch, string account = "6100-D010-CC100", decimal debit = 120m, decimal credit = 0m,
        string accountType = "Ledger", string? voucher = "V-0001") => new
    {
        JournalBatchNumber = batch, AccountType = accountType, AccountDisplayValue = account, OffsetAccountType = "Ledger", OffsetAccountDisplayValue = "2003--",
        TransDate = "2026-11-10T12:00:00Z", Voucher = voucher, CurrencyCode = "USD", DebitAmount = debit, CreditAmount = credit, Text = "Hotel",
    };

    private static string Header(string batch) => $"data/LedgerJournalHeaders(dataAreaId='hpus',JournalBatchNumber='{batch}')";

    [Fact]
    public async Task Header_Post_AssignsJournalBatchNumberFromTheSequence()
    {
        using var client = await ConnectAsync();

        var first = await CreateJournalAsync(client);
        var second = await CreateJournalAsync(client, "CardSpend");

        first.ShouldBe("HPUS-000001");
        second.ShouldBe("HPUS-000002");
        (await GetJsonAsync(client, Header(first))).GetProperty("IsPosted").GetString().ShouldBe("No");
    }

    [Fact]
    public async Task Header_WithoutJournalName_FailsWithInfolog()
    {
        using var client = await ConnectAsync();

        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalHeaders", new { Description = "x" }))).ShouldContain("'Name' must be filled in");
    }

    [Fact]
    public async Task Header_UnknownJournalName_FailsWithInfolog()
    {
        using var client = await ConnectAsync();

        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalHeaders", new { JournalName = "Nope" }))).ShouldContain("Journal names");
    }

    [Fact]
    public async Task Line_Post_NumbersLinesAndUpdatesHeaderTotals()
    {
        using var client = await ConnectAsync();
        var batch = await CreateJournalAsync(client);

        using var first = await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, debit: 120m));
        using var second = await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, account: "6100-D010-CC100", debit: 0m, credit: 120m));

        (await JsonAsync(first)).GetProperty("LineNumber").GetDecimal().ShouldBe(1m);
        (await JsonAsync(second)).GetProperty("LineNumber").GetDecimal().ShouldBe(2m);
        var header = await GetJsonAsync(client, Header(batch));
        header.GetProperty("JournalTotalDebit").GetDecimal().ShouldBe(120m);
        header.GetProperty("JournalTotalCredit").GetDecimal().ShouldBe(120m);
    }

    [Fact]
    public async Task Line_WithoutNumber_FollowsTheHighestNumber_AndKeysMatchLikeSqlServer()
    {
        using var client = await ConnectAsync();
        var batch = await CreateJournalAsync(client);
        var numbered = JsonSerializer.SerializeToNode(Line(batch))!.AsObject();
        numbered["LineNumber"] = 10m;
        (await PostJsonAsync(client, "data/LedgerJournalLines", numbered)).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var next = await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, debit: 0m, credit: 120m));
        (await JsonAsync(next)).GetProperty("LineNumber").GetDecimal().ShouldBe(11m);

        // Another case and a number written with decimals address the same line, as F&O's SQL collation and numeric keys do.
        var line = $"data/LedgerJournalLines(dataAreaId='HPUS',JournalBatchNumber='{batch.ToLowerInvariant()}',LineNumber=11.00)";
        (await GetJsonAsync(client, line)).GetProperty("CreditAmount").GetDecimal().ShouldBe(120m);
        (await client.DeleteAsync(line)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var after = await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, debit: 5m));
        (await JsonAsync(after)).GetProperty("LineNumber").GetDecimal().ShouldBe(11m);
        (await GetJsonAsync(client, Header(batch))).GetProperty("JournalTotalDebit").GetDecimal().ShouldBe(125m);
    }

    [Fact]
    public async Task Line_UnknownHeader_FailsWithInfolog()
    {
        using var client = await ConnectAsync();

        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalLines", Line("HPUS-999999")))).ShouldContain("does not exist");
    }

    [Fact]
    public async Task Line_PostedHeader_FailsWithInfolog()
    {
        using var client = await ConnectAsync();
        var batch = await CreateJournalAsync(client);
        (await Anonymous().PostAsync($"_control/journals/hpus/{batch}/post", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch)))).ShouldContain("has been posted");
        (await GetJsonAsync(client, Header(batch))).GetProperty("IsPosted").GetString().ShouldBe("Yes");
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(0, 0)]
    public async Task Line_BothOrNeitherAmount_FailsWithInfolog(int debit, int credit)
    {
        using var client = await ConnectAsync();
        var batch = await CreateJournalAsync(client);

        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, debit: debit, credit: credit)))).ShouldContain("debit");
    }

    [Fact]
    public async Task Line_WithoutVoucher_FailsWithInfolog()
    {
        using var client = await ConnectAsync();
        var batch = await CreateJournalAsync(client);

        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, voucher: null)))).ShouldContain("'Voucher'");
    }

    [Fact]
    public async Task Line_VendorAccountType_NeedsAVendorOfTheCompany()
    {
        using var client = await ConnectAsync();
        var batch = await CreateJournalAsync(client);

        (await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, account: UsVendor, accountType: "Vendor"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, account: "V99999", accountType: "Vendor"))))
            .ShouldContain("Vendors");
    }

    [Fact]
    public async Task Line_UnknownAccountType_FailsWithInfolog()
    {
        using var client = await ConnectAsync();
        var batch = await CreateJournalAsync(client);

        (await ShouldBeWriteFailureAsync(await PostJsonAsync(client, "data/LedgerJournalLines", Line(batch, accountType: "Asset")))).ShouldContain("'Asset'");
    }
}
