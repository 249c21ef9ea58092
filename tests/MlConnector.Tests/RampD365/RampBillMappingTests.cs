using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;

namespace MlConnector.Tests.RampD365;

/// <summary>The pure half of the bill flow: a Ramp bill as Ramp sends it → the D365 vendor invoice payload, or why not.</summary>
public sealed class RampBillMappingTests
{
    private static readonly MappingSnapshot Mappings = new(3, new Dictionary<(MappingKind, string, string), string>
    {
        [(MappingKind.Vendor, "", "ven_1")] = "V00042",
        [(MappingKind.GlAccount, "", "6110")] = "611000",
        [(MappingKind.GlAccount, "", "6200")] = "620000",
        [(MappingKind.Dimension, "Department", "SALES")] = "003",
        [(MappingKind.Dimension, "CostCenter", "CC2")] = "02",
    });

    private static readonly RampD365Settings Settings = new();

    [Fact]
    public void Map_AMappedBill_GivesHeaderAndLinesInMajorUnits_WithMainAccountsAndDimensionStrings()
    {
        var map = RampBillMapping.Map(Bill("USD", Line(125050, "6110", "SALES", "CC2", "Licences"), Line(-2000, "6200", null, "CC2", "Credit")), Mappings, Settings);

        map.Invalid.ShouldBeNull();
        map.Missing.ShouldBeEmpty();
        map.NaturalKey.ShouldBe("V00042/INV-7");
        var payload = JsonNode.Parse(map.Payload!)!;
        var header = payload["header"]!;
        (Str(header, "InvoiceNumber"), Str(header, "InvoiceAccount"), Str(header, "VendorAccount"), Str(header, "Currency"))
            .ShouldBe(("INV-7", "V00042", "V00042", "USD"));
        (Str(header, "InvoiceDate"), Str(header, "DueDate")).ShouldBe(("2026-11-03T12:00:00Z", "2026-12-03T12:00:00Z"));
        Str(header, "InvoiceDescription").ShouldBe("Cloud services November");
        var lines = payload["lines"]!.AsArray();
        lines.Count.ShouldBe(2);
        (Num(lines[0]!, "NetAmount"), Num(lines[0]!, "UnitPrice"), Num(lines[0]!, "ReceiveNow")).ShouldBe((1250.50m, 1250.50m, 1m));
        (Str(lines[0]!, "MainAccountDisplayValue"), Str(lines[0]!, "DimensionDisplayValue"), Str(lines[0]!, "LineDescription")).ShouldBe(("611000", "003-02", "Licences"));
        (Num(lines[1]!, "NetAmount"), Num(lines[1]!, "UnitPrice"), Num(lines[1]!, "ReceiveNow")).ShouldBe((-20m, 20m, -1m));
        (Str(lines[1]!, "MainAccountDisplayValue"), Str(lines[1]!, "DimensionDisplayValue")).ShouldBe(("620000", "-02"));
        (Num(lines[1]!, "InvoiceLineNumber"), Str(lines[1]!, "Currency")).ShouldBe((2m, "USD"));
    }

    [Theory]
    [InlineData("JPY", 125050, null, 125050)]
    [InlineData("KWD", 125050, null, 125.050)]
    [InlineData("usd", 125050, null, 1250.50)]
    [InlineData("USD", 125050, 1000L, 125.050)] // Ramp's own minor_unit_conversion_rate wins over the table
    public void Map_ConvertsMinorUnits_ByTheCurrencysDecimals(string currency, long minor, long? rate, double expected)
    {
        var map = RampBillMapping.Map(Bill(currency, Line(minor, "6110", null, null, "x", rate)), Mappings, Settings);

        map.Invalid.ShouldBeNull();
        Num(JsonNode.Parse(map.Payload!)!["lines"]![0]!, "NetAmount").ShouldBe((decimal)expected);
    }

    [Fact]
    public void Map_AnUnknownCurrency_IsRefusedInWordsFinanceReads()
    {
        var map = RampBillMapping.Map(Bill("XYZ", Line(100, "6110", null, null, "x")), Mappings, Settings);

        map.Payload.ShouldBeNull();
        map.Invalid.ShouldBe("Bill INV-7 is in the currency 'XYZ', which is not an ISO 4217 currency this connector can post.");
    }

    [Fact]
    public void Map_ABillWithoutInvoiceNumber_IsRefusedWithAHint()
    {
        var map = RampBillMapping.Map(Bill("USD", Line(100, "6110", null, null, "x"), invoiceNumber: null), Mappings, Settings);

        map.Invalid.ShouldBe("The bill has no invoice number.");
        map.Hint.ShouldNotBeNull().ShouldContain("Ramp");
    }

    [Fact]
    public void Map_ListsEveryMissingMapping_VendorGlAndDimension_Once()
    {
        var map = RampBillMapping.Map(Bill("USD", Line(100, "6999", "NEWDEPT", "CC2", "a"), Line(100, "6999", "SALES", "CC2", "b"), vendorId: "ven_new"), Mappings, Settings);

        map.Payload.ShouldBeNull();
        map.Missing.Select(m => (m.Kind, m.Group, m.SourceKey)).ShouldBe(
            [(MappingKind.Vendor, "", "ven_new"), (MappingKind.GlAccount, "", "6999"), (MappingKind.Dimension, "Department", "NEWDEPT")], ignoreOrder: true);
    }

    [Fact]
    public void Map_ALineWithoutGlAccount_IsRefused_NamingTheLine()
    {
        var map = RampBillMapping.Map(Bill("USD", Line(100, "6110", null, null, "a"), Line(100, null, "SALES", null, "b")), Mappings, Settings);

        map.Invalid.ShouldBe("Line 2 of bill INV-7 has no GL account coded in Ramp. Code it in Ramp, then it is picked up again.");
    }

    [Fact]
    public void Map_CodingTheDimensionFormatCannotCarry_IsBlockedBeforePosting()
    {
        var map = RampBillMapping.Map(Bill("USD", Line(100, "6110", "SALES", "CC2", "a")), Mappings, Settings with { DefaultDimensionFormat = "Department" });

        map.Payload.ShouldBeNull();
        map.Invalid.ShouldBe("Blocked before posting bill INV-7 (line 1): CostCenter is coded in the source but not part of the dimension format 'Department'; " +
            "Dynamics 365 would drop it without an error.");
    }

    private static string Str(JsonNode row, string name) => row[name]!.GetValue<string>();

    private static decimal Num(JsonNode row, string name) => decimal.Parse(row[name]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement Bill(string currency, params JsonObject[] lines) => Bill(currency, lines, "INV-7");

    private static JsonElement Bill(string currency, JsonObject line, string? invoiceNumber) => Bill(currency, [line], invoiceNumber);

    private static JsonElement Bill(string currency, JsonObject line1, JsonObject line2, string vendorId) => Bill(currency, [line1, line2], "INV-7", vendorId);

    private static JsonElement Bill(string currency, JsonObject[] lines, string? invoiceNumber, string vendorId = "ven_1")
    {
        foreach (var line in lines) line["amount"]!["currency_code"] = currency;
        var bill = new JsonObject
        {
            ["id"] = "bill_1", ["invoice_number"] = invoiceNumber, ["status"] = "OPEN", ["sync_status"] = "NOT_SYNCED",
            ["issued_at"] = "2026-11-03T00:00:00+00:00", ["due_at"] = "2026-12-03T00:00:00+00:00", ["memo"] = "Cloud services November",
            ["amount"] = new JsonObject { ["amount"] = 0, ["currency_code"] = currency },
            ["vendor"] = new JsonObject { ["id"] = vendorId, ["name"] = "Northwind" },
            ["accounting_field_selections"] = new JsonArray(Selection("MERCHANT", "Vendor", "V00042")),
            ["line_items"] = new JsonArray(lines.Select(l => (JsonNode)l).ToArray()),
        };
        return JsonDocument.Parse(bill.ToJsonString()).RootElement.Clone();
    }

    private static JsonObject Line(long minor, string? gl, string? department, string? costCenter, string memo, long? rate = null)
    {
        var amount = new JsonObject { ["amount"] = minor, ["currency_code"] = "USD" };
        if (rate is not null) amount["minor_unit_conversion_rate"] = rate;
        var selections = new JsonArray();
        if (gl is not null) selections.Add(Selection("GL_ACCOUNT", "GL Account", gl));
        if (department is not null) selections.Add(Selection("OTHER", "Department", department));
        if (costCenter is not null) selections.Add(Selection("COST_CENTER", "CostCenter", costCenter));
        return new JsonObject { ["amount"] = amount, ["memo"] = memo, ["accounting_field_selections"] = selections };
    }

    private static JsonObject Selection(string type, string category, string externalId) => new()
    {
        ["id"] = "opt_" + externalId, ["external_id"] = externalId, ["external_code"] = externalId, ["name"] = externalId, ["type"] = type,
        ["category_info"] = new JsonObject { ["id"] = "cat_" + category, ["external_id"] = category, ["name"] = category, ["type"] = type },
    };
}
