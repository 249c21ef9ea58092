using System.Text.Json;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;

namespace MlConnector.Tests.Unit;

public sealed class DimensionFormatTests
{
    private static readonly DimensionFormat Ledger = DimensionFormat.Parse("MainAccount-Department-CostCenter");

    [Fact]
    public void Build_PutsEachValueInItsSegment_BlanksTheMissingOnes_AndLeavesOffTrailingBlanks()
    {
        Ledger.Build(new Dictionary<string, string> { ["MainAccount"] = "6100", ["CostCenter"] = "02" }, out var problem).ShouldBe("6100--02");
        problem.ShouldBeNull();
        Ledger.Build(new Dictionary<string, string> { ["mainaccount"] = "6100", ["Department"] = "001" }, out _).ShouldBe("6100-001");
        DimensionFormat.Parse("Department-CostCenter").Build(new Dictionary<string, string>(), out _).ShouldBe("");
    }

    [Fact]
    public void Build_RefusesWhatD365WouldSwallow_ADimensionOutsideTheFormat_OrAValueWithTheDelimiter()
    {
        DimensionFormat.Parse("Department").Build(new Dictionary<string, string> { ["Department"] = "001", ["CostCenter"] = "02" }, out var extra).ShouldBeNull();
        extra.ShouldBe("CostCenter is coded in the source but not part of the dimension format 'Department'; Dynamics 365 would drop it without an error.");
        Ledger.Build(new Dictionary<string, string> { ["MainAccount"] = "6100", ["Department"] = "00-1" }, out var split).ShouldBeNull();
        split.ShouldBe("The Department value '00-1' contains the segment delimiter '-'; Dynamics 365 would read it as two segments.");
    }

    [Theory]
    [InlineData("", "enter the segments in order, e.g. Department-CostCenter.")]
    [InlineData("Department--CostCenter", "'Department--CostCenter' has an empty segment; separate segment names with single '-'.")]
    [InlineData("Department-department", "'Department' appears twice in 'Department-department'.")]
    public void TryParse_SaysWhatIsWrong(string text, string expected)
    {
        DimensionFormat.TryParse(text, out var format).ShouldBe(expected);
        format.ShouldBeNull();
    }

    [Fact]
    public void Settings_NameTheFieldToFix()
    {
        new RampD365Settings().Problems().ShouldBe(
        [
            "Card journal name: required while card transactions are on.",
            "Card liability account: required while card transactions are on.",
            "Payment journal name: required while bill payments are on.",
            "Payment bank account: required while bill payments are on.",
        ]);
        (new RampD365Settings(CardTransactionsOn: false, BillPaymentsOn: false) with { LedgerDimensionFormat = "Department" }).Problems()
            .ShouldBe(["Ledger dimension format: it must contain MainAccount."]);
        RampD365Settings.Sandbox.Problems().ShouldBeEmpty();
        (RampD365Settings.Sandbox with { CardJournalMaxTransactions = 0 }).Problems().ShouldBe(["Transactions per card journal: a number from 1 to 10,000."]);
        (RampD365Settings.Sandbox with { CardJournalMaxTransactions = 10_001 }).Problems().ShouldHaveSingleItem();
    }

    [Fact]
    public void Settings_SavedBeforeTheJournalLimitExisted_ReadWithTheDefaultLimit()
    {
        var integration = new Web.Features.Integrations.Integration { Name = "Old", SettingsJson = """{"billsOn":true,"cardJournalName":"CardSpend","cardLiabilityAccount":"2003"}""" };

        var settings = RampD365Settings.Of(integration);

        (settings.CardJournalName, settings.CardJournalMaxTransactions).ShouldBe(("CardSpend", RampD365Settings.DefaultCardJournalMaxTransactions));
    }
}

public sealed class RampCodingTests
{
    private static readonly MappingSnapshot Mappings = new(7, new Dictionary<(MappingKind, string, string), string>
    {
        [(MappingKind.GlAccount, "", "6110")] = "6110",
        [(MappingKind.Dimension, "Department", "D-SALES")] = "003",
        [(MappingKind.Dimension, "CostCenter", "CC-2")] = "02",
    });

    [Fact]
    public void AMappedLine_GivesTheMainAccountAndEachDimensionByItsFieldsName_LeavingVendorAndTaxOut()
    {
        var coding = RampCoding.Map(Selections(Gl("6110"), Option("Department", "OTHER", "D-SALES"), Option("CostCenter", "COST_CENTER", "CC-2"),
            Option("Vendor", "MERCHANT", "V100"), Option("Tax", "TAX_CODE", "T1")), Mappings, "line 1 of bill INV-1");

        coding.IsReady.ShouldBeTrue();
        coding.Coding!.MainAccount.ShouldBe("6110");
        coding.Coding.Dimensions.ShouldBe(new Dictionary<string, string> { ["Department"] = "003", ["CostCenter"] = "02" }, ignoreOrder: true);
    }

    [Fact]
    public void UnmappedValues_AreAllListed_WithTheirCodeAndName()
    {
        var coding = RampCoding.Map(Selections(Gl("6410"), Option("Department", "OTHER", "D-NEW")), Mappings, "line 2 of bill INV-1");

        coding.IsReady.ShouldBeFalse();
        coding.Missing.ShouldBe(
        [
            new MissingMapping(MappingKind.GlAccount, "", "6410", "6410", "Account 6410"),
            new MissingMapping(MappingKind.Dimension, "Department", "D-NEW", "D-NEW", "Option D-NEW"),
        ]);
    }

    [Fact]
    public void ALineWithoutAGlAccount_IsForAPersonToCodeInRamp()
    {
        var coding = RampCoding.Map(Selections(Option("Department", "OTHER", "D-SALES")), Mappings, "line 3 of bill INV-1");

        (coding.IsReady, coding.Missing.Count).ShouldBe((false, 0));
        coding.Problem.ShouldBe("Line 3 of bill INV-1 has no GL account coded in Ramp. Code it in Ramp, then it is picked up again.");
    }

    private static object Gl(string id) => new
    {
        id = "ramp-" + id, external_id = id, external_code = id, name = "Account " + id, type = "GL_ACCOUNT",
        category_info = new { id = "cat-gl", external_id = "GL Account", name = "GL Account", type = "GL_ACCOUNT" },
    };

    private static object Option(string field, string type, string id) => new
    {
        id = "ramp-" + id, external_id = id, external_code = id, name = "Option " + id, type,
        category_info = new { id = "cat-" + field, external_id = field, name = field, type },
    };

    private static JsonElement Selections(params object[] selections) => JsonSerializer.SerializeToElement(selections);
}
