using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;

namespace MlConnector.Tests.RampD365;

/// <summary>The pure half of the card flow: a Ramp transaction's JSON → one balanced voucher, or why not.</summary>
public sealed class CardTransactionMappingTests
{
    private static readonly MappingSnapshot Mappings = new(3, new Dictionary<(MappingKind, string, string), string>
    {
        [(MappingKind.GlAccount, "", "6110")] = "6110",
        [(MappingKind.GlAccount, "", "6120")] = "6120",
        [(MappingKind.Dimension, "Department", "D-SALES")] = "003",
        [(MappingKind.Dimension, "CostCenter", "CC-2")] = "02",
    });

    [Theory]
    [InlineData(100L, 2, null, 1.00)]
    [InlineData(1250L, 0, null, 1250)]
    [InlineData(1250L, 3, null, 1.250)]
    [InlineData(-499L, 2, null, -4.99)]
    [InlineData(1250L, 2, 1L, 1250)] // Ramp's own minor_unit_conversion_rate wins over the table
    public void ToMajor_DividesByTheCurrencysMinorUnits(long minor, int decimals, long? rate, decimal expected) =>
        CurrencyUnits.ToMajor(minor, decimals, rate).ShouldBe(expected);

    [Fact]
    public void DecimalsOf_KnowsTheExceptions_AndRefusesWhatIsNoCurrency()
    {
        (CurrencyUnits.DecimalsOf("JPY"), CurrencyUnits.DecimalsOf("usd"), CurrencyUnits.DecimalsOf("KWD")).ShouldBe((0, 2, 3));
        CurrencyUnits.DecimalsOf("US").ShouldBeNull();
        CurrencyUnits.DecimalsOf(null).ShouldBeNull();
    }

    [Fact]
    public void AYenTransaction_PostsWholeYen_NotHundredths()
    {
        var t = Transaction("JPY", 12500m, Split(12500, "JPY", "6110"));
        var lines = Lines(CardJournalEntry.Map(t, Mappings, RampD365Settings.Sandbox));
        lines.Select(l => (l["AccountDisplayValue"]!.GetValue<string>(), Amount(l))).ShouldBe([("6110-003-02", 12500m), ("2003", -12500m)]);
        lines.ShouldAllBe(l => l["CurrencyCode"]!.GetValue<string>() == "JPY");
    }

    [Fact]
    public void ASplitTransaction_KeepsItsSplits_AndCreditsTheTotal_OnOneVoucherDatedByTheAccountingDate()
    {
        var t = Transaction("USD", 100.10m, Split(7007, "USD", "6110"), Split(3003, "USD", "6120"));
        var lines = Lines(CardJournalEntry.Map(t, Mappings, RampD365Settings.Sandbox));
        lines.Select(l => (l["AccountDisplayValue"]!.GetValue<string>(), Amount(l))).ShouldBe([("6110-003-02", 70.07m), ("6120-003-02", 30.03m), ("2003", -100.10m)]);
        lines.ShouldAllBe(l => l["Voucher"]!.GetValue<string>() == CardJournalEntry.DocumentOf("tx-1") && l["Document"]!.GetValue<string>() == CardJournalEntry.DocumentOf("tx-1")
            && l["TransDate"]!.GetValue<string>() == "2026-03-04T12:00:00Z" && l["Text"]!.GetValue<string>().StartsWith("Ramp tx-1 "));
        CardJournalEntry.DocumentOf("tx-1").Length.ShouldBeLessThanOrEqualTo(20);
        CardJournalEntry.DocumentOf("tx-1").ShouldNotBe(CardJournalEntry.DocumentOf("tx-2"));
    }

    [Fact]
    public void ARefund_CreditsTheExpense_AndDebitsTheLiability()
    {
        var t = Transaction("USD", -42.50m, Split(-4250, "USD", "6110"));
        var lines = Lines(CardJournalEntry.Map(t, Mappings, RampD365Settings.Sandbox));
        lines[0]["CreditAmount"]!.GetValue<decimal>().ShouldBe(42.50m);
        lines[0].ContainsKey("DebitAmount").ShouldBeFalse();
        lines[1]["DebitAmount"]!.GetValue<decimal>().ShouldBe(42.50m);
    }

    [Fact]
    public void ATransactionWithoutLineItems_UsesItsOwnCodingAndAmount()
    {
        var t = Transaction("USD", 19.99m);
        var lines = Lines(CardJournalEntry.Map(t, Mappings, RampD365Settings.Sandbox));
        lines.Select(l => (l["AccountDisplayValue"]!.GetValue<string>(), Amount(l))).ShouldBe([("6110-003-02", 19.99m), ("2003", -19.99m)]);
    }

    [Fact]
    public void SplitsThatDoNotAddUpToTheTotal_AreRefused_WithBothAmounts()
    {
        var map = CardJournalEntry.Map(Transaction("USD", 100.00m, Split(7000, "USD", "6110"), Split(2000, "USD", "6120")), Mappings, RampD365Settings.Sandbox);
        map.Payload.ShouldBeNull();
        map.Invalid.ShouldBe("The splits of the card transaction Hotel Azure (tx-1) add up to 90.00 USD, but the transaction is 100.00 USD.");
    }

    [Fact]
    public void AnUnmappedGlAccount_Lacks_AndALedgerFormatWithoutACodedDimension_IsRefused()
    {
        var lacks = CardJournalEntry.Map(Transaction("USD", 10m, Split(1000, "USD", "6999")), Mappings, RampD365Settings.Sandbox);
        lacks.Missing.ShouldHaveSingleItem().SourceKey.ShouldBe("6999");

        var refused = CardJournalEntry.Map(Transaction("USD", 10m, Split(1000, "USD", "6110")), Mappings, RampD365Settings.Sandbox with { LedgerDimensionFormat = "MainAccount-Department" });
        refused.Invalid!.ShouldContain("CostCenter is coded in the source but not part of the dimension format 'MainAccount-Department'");
    }

    [Fact]
    public void WithoutJournalSettings_TheMappingCarriesNoLines_ForPostToPauseOn()
    {
        var settings = RampD365Settings.Sandbox with { CardJournalName = null };
        var map = CardJournalEntry.Map(Transaction("USD", 10m, Split(1000, "USD", "6110")), Mappings, settings);
        JsonNode.Parse(map.Payload!)![CardJournalEntry.Lines].ShouldBeNull();
        CardJournalSetup.Problem(settings).ShouldBe("Card transactions cannot post: the integration's card journal name is not set.");
        CardJournalSetup.Problem(RampD365Settings.Sandbox).ShouldBeNull();
    }

    private static decimal Amount(JsonObject line) =>
        line.ContainsKey("DebitAmount") ? line["DebitAmount"]!.GetValue<decimal>() : -line["CreditAmount"]!.GetValue<decimal>();

    private static List<JsonObject> Lines(Web.Features.Sync.FlowMapping map)
    {
        map.Invalid.ShouldBeNull();
        map.Missing.ShouldBeEmpty();
        return JsonNode.Parse(map.Payload!)![CardJournalEntry.Lines]!.AsArray().Select(l => l!.AsObject()).ToList();
    }

    private static object Split(long minor, string currency, string gl) => new
    {
        amount = new { amount = minor, currency_code = currency, minor_unit_conversion_rate = currency == "JPY" ? (int?)null : 100 },
        memo = "split",
        accounting_field_selections = Selections(gl),
    };

    private static object[] Selections(string gl) =>
    [
        new { id = "r-" + gl, external_id = gl, name = "GL " + gl, type = "GL_ACCOUNT", category_info = new { external_id = "GL Account", type = "GL_ACCOUNT" } },
        new { id = "r-d", external_id = "D-SALES", name = "Sales", type = "OTHER", category_info = new { external_id = "Department", type = "OTHER" } },
        new { id = "r-c", external_id = "CC-2", name = "CC 2", type = "COST_CENTER", category_info = new { external_id = "CostCenter", type = "COST_CENTER" } },
    ];

    private static JsonElement Transaction(string currency, decimal amount, params object[] splits) =>
        JsonSerializer.SerializeToElement(new
        {
            id = "tx-1", amount, currency_code = currency, state = "CLEARED", merchant_name = "Hotel Azure",
            accounting_date = "2026-03-04T00:00:00+00:00",
            accounting_field_selections = splits.Length == 0 ? Selections("6110") : [],
            line_items = splits,
        });
}
