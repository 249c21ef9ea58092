using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Integration;
using MlConnector.Web.Features.Mappings;

namespace MlConnector.Tests.Browser;

/// <summary>Finance work in the mapping grid, as a person does it in Chromium.</summary>
public sealed class MappingJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Owner_MapsAGlCode_ThroughTheGrid_AndAcceptsSuggestionsInBulk()
    {
        var page = await browser.NewPageAsync();
        var (workspace, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Mapping Journey Co", SsrForms.Account(210));
        await using var context = await MappingContext.AttachAsync(browser.Host, workspace, integration);

        await page.GetByRole(AriaRole.Link, new() { Name = "Mappings: GL accounts, dimensions, vendors →" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mappings" }).WaitForAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        var row = page.Locator(".mapping-grid tr").Filter(new() { HasText = "Quantum flux capacitors" });
        await row.WaitForAsync();
        (await row.InnerTextAsync()).ShouldContain("unmapped");

        await row.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await row.Locator(".target-dropdown").ClickAsync();
        await page.Locator(".rz-dropdown-filter, .rz-lookup-search-input").First.FillAsync("miscell");
        await page.Locator(".rz-dropdown-item").Filter(new() { HasText = "7203 · Miscellaneous expense" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "20-mapping-choose-target");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "1 mapping saved" }).WaitForAsync();
        await row.GetByText("7203 · Miscellaneous expense").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Accept suggestions at or above" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "2 suggestions at or above 90% accepted" }).WaitForAsync();
        await page.Locator(".coverage-item").Filter(new() { HasText = "GL accounts" }).GetByText("3 of 5 mapped").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "21-mapping-grid");

        await using var db = context.OpenDb();
        var mapped = await db.MappingEntries.Where(e => e.TargetId != null).ToDictionaryAsync(e => e.SourceKey, e => e.TargetId);
        mapped.ShouldBe(new Dictionary<string, string?> { ["qb-5"] = "7203", ["qb-1"] = "6100", ["qb-2"] = "6101" }, ignoreOrder: true);
        (await db.MappingChanges.SingleAsync(c => c.SourceKey == "qb-5")).ChangedBy.ShouldContain("@example.com");
    }
}
