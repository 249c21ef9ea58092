using System.Net;
using System.Text.Json;
using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §2–§3: entity sets, key addressing and company scoping.</summary>
public sealed class D365QueryTests(SandboxHost host) : D365TestBase(host)
{
    [Theory]
    [InlineData("VendorsV2")]
    [InlineData("MainAccounts")]
    [InlineData("FinancialDimensionValues")]
    [InlineData("DimensionAttributes")]
    [InlineData("LegalEntities")]
    [InlineData("VendorInvoiceHeaders")]
    [InlineData("VendorInvoiceLines")]
    [InlineData("LedgerJournalHeaders")]
    [InlineData("LedgerJournalLines")]
    [InlineData("PurchaseOrderHeadersV2")]
    [InlineData("PurchaseOrderLinesV2")]
    public async Task EntitySet_EachServedSet_AnswersListEnvelope(string set)
    {
        using var client = await ConnectAsync();

        var list = await GetJsonAsync(client, $"data/{set}");

        list.GetProperty("@odata.context").GetString().ShouldBe($"{Environment}/data/$metadata#{set}");
        list.GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task EntitySet_SeededReferenceData_IsPopulatedAndWriteSetsStartEmpty()
    {
        using var client = await ConnectAsync();

        (await GetJsonAsync(client, "data/LegalEntities")).GetProperty("value").EnumerateArray().Select(e => e.GetProperty("LegalEntityId").GetString())
            .ShouldBe(["hpno", "hpuk", "hpus"]);
        (await GetJsonAsync(client, "data/MainAccounts")).GetProperty("value").GetArrayLength().ShouldBe(Simulator.Company.Accounts.Count);
        (await GetJsonAsync(client, "data/DimensionAttributes")).GetProperty("value").EnumerateArray().Select(e => e.GetProperty("DimensionName").GetString())
            .ShouldBe(["CostCenter", "Department", "MainAccount"]);
        (await GetJsonAsync(client, "data/FinancialDimensionValues")).GetProperty("value").GetArrayLength().ShouldBe(Simulator.Company.Dimensions.Count);
        (await GetJsonAsync(client, "data/PurchaseOrderHeadersV2?cross-company=true")).GetProperty("value").GetArrayLength().ShouldBe(Simulator.Company.PurchaseOrders.Count);
        (await GetJsonAsync(client, "data/VendorInvoiceHeaders?cross-company=true")).GetProperty("value").GetArrayLength().ShouldBe(0);
        (await GetJsonAsync(client, "data/LedgerJournalHeaders?cross-company=true")).GetProperty("value").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Metadata_DescribesEverySetWithItsKey()
    {
        using var client = await ConnectAsync();

        var metadata = System.Xml.Linq.XDocument.Parse(await client.GetStringAsync("data/$metadata"));

        ElementsNamed(metadata, "EntitySet").Count.ShouldBe(11);
        var vendor = ElementsNamed(metadata, "EntityType").Single(e => (string?)e.Attribute("Name") == "VendorsV2");
        vendor.Descendants().Where(d => d.Name.LocalName == "PropertyRef").Select(r => (string?)r.Attribute("Name")).ShouldBe(["dataAreaId", "VendorAccountNumber"]);
    }

    private static List<System.Xml.Linq.XElement> ElementsNamed(System.Xml.Linq.XDocument document, string localName) =>
        document.Descendants().Where(d => d.Name.LocalName == localName).ToList();

    [Fact]
    public async Task ServiceDocument_ListsTheEntitySets()
    {
        using var client = await ConnectAsync();

        var root = await GetJsonAsync(client, "data/");

        root.GetProperty("value").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldContain("VendorInvoiceHeaders");
    }

    [Fact]
    public async Task EntitySet_WrongCase_Returns404()
    {
        using var client = await ConnectAsync();

        using var response = await client.GetAsync("data/vendorsV2");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString().ShouldBe("");
    }

    [Fact]
    public async Task Key_FullCompositeKey_ReturnsTheEntityWithEtag()
    {
        using var client = await ConnectAsync();

        var vendor = await GetJsonAsync(client, $"data/VendorsV2(dataAreaId='hpus',VendorAccountNumber='{UsVendor}')");

        vendor.GetProperty("VendorAccountNumber").GetString().ShouldBe(UsVendor);
        vendor.GetProperty("@odata.context").GetString()!.ShouldEndWith("$metadata#VendorsV2/$entity");
        vendor.GetProperty("@odata.etag").GetString()!.ShouldStartWith("W/\"");
    }

    [Fact]
    public async Task Key_KeyWithoutDataAreaId_Returns400()
    {
        using var client = await ConnectAsync();

        using var response = await client.GetAsync($"data/VendorsV2(VendorAccountNumber='{UsVendor}')");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Key_FieldThatIsNotPartOfTheKey_Returns400()
    {
        using var client = await ConnectAsync();

        using var response = await client.GetAsync($"data/VendorsV2(dataAreaId='hpus',VendorOrganizationName='{UsVendor}')");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Key_NoSuchRecord_Returns404()
    {
        using var client = await ConnectAsync();

        using var response = await client.GetAsync("data/VendorsV2(dataAreaId='hpus',VendorAccountNumber='NOPE''S')");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Key_SharedEntitiesWithoutDataAreaId_AreAddressedByTheirOwnKeys()
    {
        using var client = await ConnectAsync();

        (await GetJsonAsync(client, "data/MainAccounts(ChartOfAccounts='Shared',MainAccountId='6300')")).GetProperty("Name").GetString().ShouldBe("SaaS subscriptions");
        (await GetJsonAsync(client, "data/DimensionAttributes('Department')")).GetProperty("DimensionName").GetString().ShouldBe("Department");
        (await GetJsonAsync(client, "data/FinancialDimensionValues(FinancialDimension='Department',LegalEntityId='',DimensionValue='D010')"))
            .GetProperty("Description").GetString().ShouldBe("Advisory");
    }

    [Fact]
    public async Task Key_OtherCompanyWithoutCrossCompany_Returns404()
    {
        var ukVendor = Simulator.Company.Vendors.First(v => v.LegalEntityId == "hpuk").Number;
        using var client = await ConnectAsync();

        (await client.GetAsync($"data/VendorsV2(dataAreaId='hpuk',VendorAccountNumber='{ukVendor}')")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetJsonAsync(client, $"data/VendorsV2(dataAreaId='hpuk',VendorAccountNumber='{ukVendor}')?cross-company=true"))
            .GetProperty("dataAreaId").GetString().ShouldBe("hpuk");
    }

    [Fact]
    public async Task Company_NoCrossCompany_ReturnsOnlyTheDefaultCompany()
    {
        using var client = await ConnectAsync();

        var vendors = (await GetJsonAsync(client, "data/VendorsV2")).GetProperty("value").EnumerateArray().ToList();

        vendors.Count.ShouldBe(Simulator.Company.Vendors.Count(v => v.LegalEntityId == "hpus"));
        vendors.ShouldAllBe(v => v.GetProperty("dataAreaId").GetString() == "hpus");
    }

    [Fact]
    public async Task Company_CrossCompany_ReturnsEveryCompany_AndFilterPicksOne()
    {
        using var client = await ConnectAsync();

        (await GetJsonAsync(client, "data/VendorsV2?cross-company=true")).GetProperty("value").GetArrayLength().ShouldBe(Simulator.Company.Vendors.Count);
        var uk = (await GetJsonAsync(client, "data/VendorsV2?cross-company=true&$filter=dataAreaId eq 'hpuk'")).GetProperty("value").EnumerateArray().ToList();
        uk.Count.ShouldBe(Simulator.Company.Vendors.Count(v => v.LegalEntityId == "hpuk"));
    }

    [Fact]
    public async Task Company_ClientMappedToAnotherCompany_SeesThatCompanyByDefault()
    {
        Simulator.RegisterClient(new D365Client(D365SandboxApp.TenantId, "uk-client", "uk-secret", "hpuk"));
        using var client = await ConnectAsync("uk-client", "uk-secret");

        var vendors = (await GetJsonAsync(client, "data/VendorsV2")).GetProperty("value").EnumerateArray().ToList();

        vendors.ShouldNotBeEmpty();
        vendors.ShouldAllBe(v => v.GetProperty("dataAreaId").GetString() == "hpuk");
    }

    [Fact]
    public async Task Company_SharedMainAccounts_AreNotScopedByCompany()
    {
        Simulator.RegisterClient(new D365Client(D365SandboxApp.TenantId, "no-client", "no-secret", "hpno"));
        using var client = await ConnectAsync("no-client", "no-secret");

        (await GetJsonAsync(client, "data/MainAccounts")).GetProperty("value").GetArrayLength().ShouldBe(Simulator.Company.Accounts.Count);
    }

    [Fact]
    public async Task Numbers_Ieee754CompatibleAccept_WritesDecimalsAsStrings()
    {
        using var client = await ConnectAsync();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json;IEEE754Compatible=true");

        var line = (await GetJsonAsync(client, "data/PurchaseOrderLinesV2?$top=1&cross-company=true")).GetProperty("value")[0];

        line.GetProperty("LineAmount").ValueKind.ShouldBe(JsonValueKind.String);
        line.GetProperty("LineNumber").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task Numbers_WithoutIeee754Compatible_WritesDecimalsAsNumbers()
    {
        using var client = await ConnectAsync();

        var line = (await GetJsonAsync(client, "data/PurchaseOrderLinesV2?$top=1&cross-company=true")).GetProperty("value")[0];

        line.GetProperty("LineAmount").ValueKind.ShouldBe(JsonValueKind.Number);
    }
}
