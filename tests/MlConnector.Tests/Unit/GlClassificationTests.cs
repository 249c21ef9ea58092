using MlConnector.Web.Features.RampChart;

namespace MlConnector.Tests.Unit;

public sealed class GlClassificationTests
{
    [Theory]
    [InlineData("""{"MainAccountType":"Expense"}""", "EXPENSE")]
    [InlineData("""{"MainAccountType":"Revenue"}""", "REVENUE")]
    [InlineData("""{"MainAccountType":"Asset"}""", "ASSET")]
    [InlineData("""{"MainAccountType":"Liability"}""", "LIABILITY")]
    [InlineData("""{"MainAccountType":"Equity"}""", "EQUITY")]
    [InlineData("""{"MainAccountType":"BalanceSheet"}""", "ANY")]
    [InlineData("""{"MainAccountType":"ProfitAndLoss"}""", "ANY")]
    [InlineData("""{"type":"Income"}""", "REVENUE")]
    [InlineData("""{"Type":"Expense"}""", "EXPENSE")]
    [InlineData("""{"type":"Liability"}""", "LIABILITY")]
    [InlineData("""{"Name":"No type here"}""", "ANY")]
    [InlineData("not json", "ANY")]
    public void From_TheErpsAccountType_GivesRampsClassification(string rawJson, string expected) =>
        GlClassification.From(rawJson).ShouldBe(expected);

    [Theory]
    [InlineData("""{"MainAccountType":"Total"}""", false)]
    [InlineData("""{"MainAccountType":"Reporting"}""", false)]
    [InlineData("""{"MainAccountType":"Expense"}""", true)]
    [InlineData("{}", true)]
    public void IsPostable_TotalAndReportingAccounts_AreNot(string rawJson, bool expected) =>
        GlClassification.IsPostable(rawJson).ShouldBe(expected);
}
