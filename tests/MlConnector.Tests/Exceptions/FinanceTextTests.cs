using MlConnector.Web.Features.Exceptions;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;

namespace MlConnector.Tests.Exceptions;

/// <summary>The inbox's wording: causes in ledger terms, counts by document kind, messages without support's detail.</summary>
public sealed class FinanceTextTests
{
    [Theory]
    [InlineData("Dynamics 365 answered 500 to part 2 of 3 (LedgerJournalLines): Period status for 11/3/2026 is Closed.", "Dynamics 365: Period status for 11/3/2026 is Closed.")]
    [InlineData("Dynamics 365 answered 400: Account 9999 does not exist.", "Dynamics 365: Account 9999 does not exist.")]
    [InlineData("Ramp answered 422 DEVELOPER_7005: Bill is locked (Ramp trace id abc-123)", "Ramp: Bill is locked")]
    [InlineData("The bill has no invoice number.", "The bill has no invoice number.")]
    public void Plain_DropsStatusCodesAndTraceIds(string message, string expected) => FinanceText.Plain(message).ShouldBe(expected);

    [Theory]
    [InlineData("Dynamics 365: Period status for 11/3/2026 is Closed.", "Dynamics 365: Period status for … is Closed.")]
    [InlineData("Invoice number INV-1001 is already used for vendor V0001 in D365 (a posted invoice).", "Invoice number … is already used for vendor … in D365 (a posted invoice).")]
    [InlineData("Line 2 of bill 77 is 1,250.00 USD.", "Line … of bill … is … USD.")]
    [InlineData("Bill A-1 is in ISO 4217 currency 'XTS'.", "Bill … is in ISO 4217 currency 'XTS'.")]
    public void Mask_SetsNumbersAside_ButNotTheNamesOfSystems(string message, string expected) => FinanceText.Mask(message).ShouldBe(expected);

    [Theory]
    [InlineData(IntegrationKind.RampD365, MappingKind.GlAccount, "", "6410", "Software", "GL code 6410 (Software) has no D365 main account")]
    [InlineData(IntegrationKind.RampD365, MappingKind.GlAccount, "", "", "Lodging", "GL account 'Lodging' has no D365 main account")]
    [InlineData(IntegrationKind.RampD365, MappingKind.Vendor, "", "", "Acme Ltd", "Vendor 'Acme Ltd' has no D365 vendor")]
    [InlineData(IntegrationKind.RampVisma, MappingKind.Vendor, "", "", "Acme Ltd", "Vendor 'Acme Ltd' has no Visma.net supplier")]
    [InlineData(IntegrationKind.RampD365, MappingKind.Dimension, "Department", "D100", "Marketing", "Department 'D100' (Marketing) has no D365 Department value")]
    public void MissingMapping_NamesTheValueAndWhatTheErpLacks(IntegrationKind integration, MappingKind kind, string group, string code, string name, string expected) =>
        FinanceText.MissingMapping(integration, kind, group, code, name).ShouldBe(expected);

    [Fact]
    public void Count_NamesDocumentsByWhatTheirFlowMoves()
    {
        FinanceText.Count([("ramp.bill→d365.vendor-invoice", 43)]).ShouldBe("43 bills");
        FinanceText.Count([("ramp.card-transaction→d365.journal", 1), ("ramp.bill→d365.vendor-invoice", 2), ("ramp.bill-payment→d365.payment-journal", 1)])
            .ShouldBe("2 bills, 1 card transaction, 1 bill payment");
        FinanceText.Count([("live-probe", 1200)]).ShouldBe("1,200 documents");
    }
}
