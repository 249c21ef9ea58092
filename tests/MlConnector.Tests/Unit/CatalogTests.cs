using MlConnector.Web.Components.Account;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Onboarding;

namespace MlConnector.Tests.Unit;

public sealed class CatalogTests
{
    [Fact]
    public void Catalog_HasOneListingPerIntegrationKind_WithUniqueSlugsThatRoundTrip()
    {
        IntegrationCatalog.All.Select(l => l.Kind).ShouldBe(Enum.GetValues<IntegrationKind>(), ignoreOrder: true);
        IntegrationCatalog.All.Select(l => l.Slug).Distinct().Count().ShouldBe(IntegrationCatalog.All.Count);
        foreach (var listing in IntegrationCatalog.All)
            IntegrationCatalog.FindBySlug(listing.Slug.ToUpperInvariant())!.Kind.ShouldBe(listing.Kind);
        IntegrationCatalog.FindBySlug("sap-ramp").ShouldBeNull();
        IntegrationCatalog.FindBySlug(null).ShouldBeNull();
    }

    [Fact]
    public void EveryListing_SaysWhatMovesBothWays_HowBothSidesSignIn_AndAnswersQuestions()
    {
        foreach (var listing in IntegrationCatalog.All)
        {
            listing.Flows.ShouldContain(f => f.Direction == FlowDirection.ToErp, listing.Title);
            listing.Flows.ShouldContain(f => f.Direction == FlowDirection.ToSource, listing.Title);
            listing.Authentication.Select(a => a.System).ShouldBe([listing.Source, listing.Target], ignoreOrder: true);
            listing.Faq.Count.ShouldBeGreaterThanOrEqualTo(3);
        }
    }

    [Fact]
    public void Checklist_StartsWithTheWorkspaceDone_AndNamesBothSystems()
    {
        var steps = OnboardingChecklist.For(IntegrationCatalog.Get(IntegrationKind.StampliD365));

        steps.Select(s => s.Key).ShouldBe(["workspace", "credentials", "ping", "reference-data", "map", "switch-on"]);
        steps.Where(s => s.Done).Select(s => s.Key).ShouldBe(["workspace"]);
        steps[1].Title.ShouldBe("Add your Stampli and Dynamics 365 F&O credentials");
    }

    [Theory]
    [InlineData("w/123", "w/123")]
    [InlineData("/w/123/members?x=1", "/w/123/members?x=1")]
    [InlineData("//evil.example/phish", "app")]
    [InlineData("https://evil.example/", "app")]
    [InlineData("/\\evil.example", "app")]
    [InlineData("", "app")]
    [InlineData(null, "app")]
    public void Login_ReturnUrl_OnlyEverStaysInsideThePortal(string? returnUrl, string expected) =>
        Login.LocalOnly(returnUrl).ShouldBe(expected);
}
