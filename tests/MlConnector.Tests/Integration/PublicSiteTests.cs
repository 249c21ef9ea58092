using System.Net;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Onboarding;

namespace MlConnector.Tests.Integration;

public sealed class PublicSiteTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    private readonly PortalHost host = portal.Host;

    [Fact]
    public async Task Catalog_ListsEveryIntegration_AndEachHasItsPageWithGetStarted()
    {
        using var client = host.CreateBrowserlikeClient();
        var catalog = WebUtility.HtmlDecode(await client.GetStringAsync("integrations"));

        foreach (var listing in IntegrationCatalog.All)
        {
            catalog.ShouldContain(listing.Title);
            var page = WebUtility.HtmlDecode(await client.GetStringAsync($"integrations/{listing.Slug}"));
            page.ShouldContain($"<h1>{listing.Title}</h1>");
            page.ShouldContain($"href=\"get-started?integration={listing.Slug}\"");
            page.ShouldContain(listing.Faq[0].Answer);
        }
    }

    [Fact]
    public async Task UnknownIntegration_Is404()
    {
        using var client = host.CreateBrowserlikeClient();
        (await client.GetAsync("integrations/sap-to-nowhere")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("get-started?integration=stampli-dynamics-365", "/account/register?integration=stampli-dynamics-365")]
    [InlineData("get-started?integration=unknown", "/account/register")]
    [InlineData("get-started", "/account/register")]
    public async Task GetStarted_SendsAVisitorToRegister_CarryingTheIntegration(string path, string expected)
    {
        using var client = host.CreateBrowserlikeClient();
        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("_framework/blazor.web.js", "Blazor")]
    [InlineData("assets/app.css", "--mlc-ink")]
    [InlineData("assets/logo.svg", "<svg")]
    public async Task StaticAssets_AreServedWithContent(string path, string expectedContent)
    {
        using var client = host.CreateBrowserlikeClient();
        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain(expectedContent);
    }
}
