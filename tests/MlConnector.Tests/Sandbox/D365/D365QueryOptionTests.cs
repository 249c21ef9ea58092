using System.Net;
using System.Text.Json;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §2: the $filter subset, $select, $top, $skip, $count and server-driven paging over HTTP.</summary>
public sealed class D365QueryOptionTests(SandboxHost host) : D365TestBase(host)
{
    private static List<JsonElement> Rows(JsonElement list) => list.GetProperty("value").EnumerateArray().ToList();

    [Fact]
    public async Task Filter_Eq_MatchesOneVendor()
    {
        using var client = await ConnectAsync();

        var rows = Rows(await GetJsonAsync(client, $"data/VendorsV2?$filter=VendorAccountNumber eq '{UsVendor}'"));

        rows.Single().GetProperty("VendorAccountNumber").GetString().ShouldBe(UsVendor);
    }

    [Fact]
    public async Task Filter_Ne_ExcludesTheValue()
    {
        using var client = await ConnectAsync();

        var rows = Rows(await GetJsonAsync(client, "data/LegalEntities?$filter=LegalEntityId ne 'hpus'"));

        rows.Select(r => r.GetProperty("LegalEntityId").GetString()).ShouldBe(["hpno", "hpuk"]);
    }

    [Fact]
    public async Task Filter_GtAndLt_SelectARange()
    {
        using var client = await ConnectAsync();

        var rows = Rows(await GetJsonAsync(client, "data/MainAccounts?$filter=MainAccountId gt '6300' and MainAccountId lt '6400'"));

        rows.Select(r => r.GetProperty("MainAccountId").GetString()).ShouldBe(["6301", "6302", "6303", "6304", "6305", "6306", "6307"]);
    }

    [Fact]
    public async Task Filter_NumericComparison_ComparesAsNumbers()
    {
        using var client = await ConnectAsync();

        var rows = Rows(await GetJsonAsync(client, "data/PurchaseOrderLinesV2?cross-company=true&$filter=LineAmount gt 5000"));

        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.GetProperty("LineAmount").GetDecimal() > 5000);
        rows.Count.ShouldBe(Simulator.Company.PurchaseOrders.SelectMany(p => p.Lines).Count(l => l.Amount > 5000));
    }

    [Fact]
    public async Task Filter_Or_UnitesBothSides()
    {
        using var client = await ConnectAsync();

        var rows = Rows(await GetJsonAsync(client, "data/LegalEntities?$filter=LegalEntityId eq 'hpuk' or (LegalEntityId eq 'hpno')"));

        rows.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Filter_Wildcard_MatchesSubstringIgnoringCase()
    {
        using var client = await ConnectAsync();

        var rows = Rows(await GetJsonAsync(client, "data/VendorsV2?cross-company=true&$filter=VendorOrganizationName eq '*cloud*'"));

        rows.Count.ShouldBe(Simulator.Company.Vendors.Count(v => v.Name.Contains("cloud", StringComparison.OrdinalIgnoreCase)));
        rows.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Filter_EnumLiteral_MatchesEnumValue()
    {
        using var client = await ConnectAsync();

        var rows = Rows(await GetJsonAsync(client, "data/MainAccounts?$filter=IsSuspended eq Microsoft.Dynamics.DataEntities.NoYes'Yes'"));

        rows.Select(r => r.GetProperty("Name").GetString()).ShouldBe(["Petty cash", "Print advertising"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("dataAreaId in ('hpus','hpuk')")]
    [InlineData("OnHoldStatus has Microsoft.Dynamics.DataEntities.CustVendorBlocked'All'")]
    public async Task Filter_InOrHas_Returns400(string filter)
    {
        using var client = await ConnectAsync();

        using var response = await client.GetAsync($"data/VendorsV2?$filter={Uri.EscapeDataString(filter)}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("error").GetProperty("message").GetString()!.ShouldContain("not supported");
    }

    [Fact]
    public async Task Filter_UnknownProperty_Returns400()
    {
        using var client = await ConnectAsync();

        (await client.GetAsync("data/VendorsV2?$filter=VendorName eq 'x'")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Select_ReturnsOnlyTheChosenProperties()
    {
        using var client = await ConnectAsync();

        var row = Rows(await GetJsonAsync(client, "data/VendorsV2?$select=VendorAccountNumber,VendorOrganizationName&$top=1"))[0];

        row.EnumerateObject().Select(p => p.Name).ShouldBe(["@odata.etag", "VendorAccountNumber", "VendorOrganizationName"]);
    }

    [Fact]
    public async Task Select_UnknownProperty_Returns400()
    {
        using var client = await ConnectAsync();

        (await client.GetAsync("data/VendorsV2?$select=VendorName")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TopAndSkip_ReturnTheRequestedSlice()
    {
        using var client = await ConnectAsync();
        var all = Rows(await GetJsonAsync(client, "data/MainAccounts")).Select(r => r.GetProperty("MainAccountId").GetString()).ToList();

        var slice = Rows(await GetJsonAsync(client, "data/MainAccounts?$skip=10&$top=5")).Select(r => r.GetProperty("MainAccountId").GetString());

        slice.ShouldBe(all.Skip(10).Take(5));
    }

    [Fact]
    public async Task OrderBy_Descending_SortsByThatProperty()
    {
        using var client = await ConnectAsync();

        var ids = Rows(await GetJsonAsync(client, "data/LegalEntities?$orderby=LegalEntityId desc")).Select(r => r.GetProperty("LegalEntityId").GetString());

        ids.ShouldBe(["hpus", "hpuk", "hpno"]);
    }

    [Theory]
    [InlineData("$top=-1")]
    [InlineData("$skip=abc")]
    [InlineData("$count=maybe")]
    [InlineData("$expand=VendorInvoiceLine")]
    [InlineData("$orderby=VendorName")]
    public async Task QueryOptions_InvalidOrUnsupported_Returns400(string query)
    {
        using var client = await ConnectAsync();

        (await client.GetAsync($"data/VendorsV2?{query}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Count_True_ReportsTheMatchedTotalBesidesThePage()
    {
        using var client = await ConnectAsync();

        var list = await GetJsonAsync(client, "data/MainAccounts?$count=true&$top=3");

        list.GetProperty("@odata.count").GetInt32().ShouldBe(Simulator.Company.Accounts.Count);
        Rows(list).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Count_PathSegment_ReturnsPlainNumber()
    {
        using var client = await ConnectAsync();

        var text = await client.GetStringAsync("data/VendorsV2/$count");

        text.ShouldBe(Simulator.Company.Vendors.Count(v => v.LegalEntityId == "hpus").ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Paging_ResultLargerThanPageSize_FollowsNextLinksToEveryRowOnce()
    {
        Simulator.Settings = Simulator.Settings with { PageSize = 50 };
        using var client = await ConnectAsync();
        var seen = new List<string>();
        var pages = 0;

        string? next = "data/VendorsV2?cross-company=true&$select=VendorAccountNumber";
        while (next is not null)
        {
            var page = await GetJsonAsync(client, next);
            var rows = Rows(page);
            rows.Count.ShouldBeLessThanOrEqualTo(50);
            seen.AddRange(rows.Select(r => r.GetProperty("VendorAccountNumber").GetString()!));
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            pages++;
        }

        seen.Count.ShouldBe(Simulator.Company.Vendors.Count);
        seen.Distinct().Count().ShouldBe(seen.Count);
        pages.ShouldBe((Simulator.Company.Vendors.Count + 49) / 50);
    }

    [Fact]
    public async Task Paging_NextLink_IsAbsoluteAndKeepsTheQuery()
    {
        Simulator.Settings = Simulator.Settings with { PageSize = 10 };
        using var client = await ConnectAsync();

        var link = (await GetJsonAsync(client, "data/VendorsV2?$filter=VendorOrganizationName eq '*a*'&$top=25")).GetProperty("@odata.nextLink").GetString()!;

        link.ShouldStartWith($"{Environment}/data/VendorsV2?");
        var second = await GetJsonAsync(client, link);
        var third = await GetJsonAsync(client, second.GetProperty("@odata.nextLink").GetString()!);
        Rows(third).Count.ShouldBe(5);
        third.TryGetProperty("@odata.nextLink", out _).ShouldBeFalse();
        Rows(third).ShouldAllBe(r => r.GetProperty("VendorOrganizationName").GetString()!.Contains('a', StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Paging_ResultWithinPageSize_HasNoNextLink()
    {
        using var client = await ConnectAsync();

        (await GetJsonAsync(client, "data/VendorsV2?cross-company=true")).TryGetProperty("@odata.nextLink", out _).ShouldBeFalse();
    }
}
