using Microsoft.Playwright;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Browser;

/// <summary>An owner switches the sync on and off, sets the cadence, and sees record counts change without reloading.</summary>
public sealed class SyncPanelTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Owner_SwitchesTheSyncOnAndOff_AndCountsUpdateLive()
    {
        var page = await browser.NewPageAsync();
        var (workspace, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Sync", SsrForms.Account(320));
        var panel = page.Locator(".sync-panel");
        (await panel.Locator(".sync-status").InnerTextAsync()).ShouldBe("Off (draft)");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Switch on" }).ClickAsync();
        await panel.Locator(".sync-status", new() { HasText = "On" }).WaitForAsync();
        await panel.Locator("select.cadence").SelectOptionAsync("60");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await panel.GetByText("Paused: Switched off from the integration page.").WaitForAsync();

        // Documents arrive while the page is open: the counts follow without a reload.
        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
            await owner.Get<SyncIntake>().AcceptAsync(owner.Id, [new("live-probe", "a"), new("live-probe", "b"), new("live-probe", "c")], IntakeVia.Webhook, "test");
        await panel.Locator("td[data-state=Pending]", new() { HasText = "3" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(panel, "20-sync-panel");

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        (await page.Locator(".sync-panel select.cadence").InputValueAsync()).ShouldBe("60");
        (await page.Locator(".sync-panel .sync-status").InnerTextAsync()).ShouldBe("Paused");
    }
}
