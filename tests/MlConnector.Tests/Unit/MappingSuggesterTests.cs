using MlConnector.Web.Features.Mappings;

namespace MlConnector.Tests.Unit;

public sealed class MappingSuggesterTests
{
    private static readonly MappingSuggester Suggester = new(
    [
        new("V00017", "V00017", "Summit Software"), new("V00018", "V00018", "Summit Software Boston"),
        new("V00020", "V00020", "Granite Legal LLP"), new("V00021", "V00021", "Blue Harbor & Co Consulting"),
        new("V00030", "V00030", "Atlas Couriers"), new("V00031", "V00031", "Atlas Couriers"),
        new("6410-00", "6410-00", "Postage and courier"),
    ]);

    [Theory]
    [InlineData("x", "641000", "whatever", "6410-00", 100, "Same code")]
    [InlineData("V00017", "", "Someone else", "V00017", 100, "Same code")]
    [InlineData("r1", "", "SUMMIT SOFTWARE, INC.", "V00017", 90, "Same name")]
    [InlineData("r2", "", "Granite Legal", "V00020", 90, "Same name")]
    [InlineData("r3", "", "Blue Harbor and Consulting", "V00021", 90, "Same name")]
    [InlineData("r4", "", "Atlas Couriers", "V00030", 50, "Same name as 2 values")]
    public void Suggests_TheExpectedTarget(string id, string code, string name, string target, int confidence, string reason)
    {
        var suggestion = Suggester.Suggest(new MappingValue(id, code, name));

        suggestion.ShouldNotBeNull();
        (suggestion.TargetId, suggestion.Confidence, suggestion.Reason).ShouldBe((target, confidence, reason));
    }

    [Fact]
    public void SimilarName_IsSuggested_BelowSameNameConfidence()
    {
        var suggestion = Suggester.Suggest(new MappingValue("r5", "", "Summit Sofware Bostn"))!;

        suggestion.TargetId.ShouldBe("V00018");
        suggestion.Reason.ShouldStartWith("Similar name");
        suggestion.Confidence.ShouldBeLessThan(90);
        suggestion.Confidence.ShouldBeGreaterThan(60);
    }

    [Theory]
    [InlineData("Quantum flux capacitors")]
    [InlineData("Inc.")]
    [InlineData("")]
    public void Unrelated_OrEmptyNames_GetNoSuggestion(string name) =>
        Suggester.Suggest(new MappingValue("r9", "", name)).ShouldBeNull();

    [Theory]
    [InlineData("Blue Harbor & Co. Consulting", "blue harbor consulting")]
    [InlineData("Fjordsidé  Média AS", "fjordside media")]
    [InlineData("The Granite Legal, LLP", "granite legal")]
    public void NameKey_IgnoresCaseAccentsPunctuationAndLegalSuffixes(string name, string key) =>
        MappingSuggester.NameKey(name).ShouldBe(key);
}
