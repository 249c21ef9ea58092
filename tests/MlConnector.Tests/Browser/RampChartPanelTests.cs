using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlConnector.Sandbox.Seed;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Integration;

namespace MlConnector.Tests.Browser;

/// <summary>An owner pulls the D365 sandbox's master data and pushes the chart to Ramp from the integration page.</summary>
public sealed class RampChartPanelTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Owner_PushesTheChart_SeesCountsAndRampsReasonForARefusedVendor_AlsoAfterAReload()
    {
        var ramp = RampChartScenario.Simulator(browser.Host);
        ramp.Reset();
        var refused = browser.Host.Services.GetRequiredService<SandboxCompany>().Vendors.First(v => v.LegalEntityId == "hpus" && v.Active && !v.OnHold);
        ramp.RejectUploadsOf(refused.Number, "Vendor is blocked for payments in Ramp");
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Push", SsrForms.Account(310));
        await BrowserFixture.UseSandboxCredentialsAsync(page);
        var reference = page.Locator(".reference-panel");
        await reference.GetByRole(AriaRole.Button, new() { Name = "Pull reference data" }).ClickAsync();
        await reference.Locator("tr", new() { HasText = "Main accounts" }).WaitForAsync();

        var panel = page.Locator(".ramp-chart-panel");
        (await panel.GetByText("Not pushed yet.").CountAsync()).ShouldBe(1);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Push chart to Ramp" }).ClickAsync();
        var rejectedRow = panel.Locator(".push-rejected tbody tr");
        await rejectedRow.WaitForAsync();

        (await rejectedRow.InnerTextAsync()).ShouldSatisfyAllConditions(
            row => row.ShouldContain(refused.Number),
            row => row.ShouldContain(refused.Name),
            row => row.ShouldContain("Vendor is blocked for payments in Ramp"));
        (await panel.Locator(".push-counts tr", new() { HasText = "GL accounts" }).InnerTextAsync()).ShouldContain("147");
        await BrowserFixture.ScreenshotAsync(panel, "18-ramp-chart-push");

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        (await page.Locator(".ramp-chart-panel .push-rejected tbody tr").InnerTextAsync()).ShouldContain(refused.Number);
    }
}
