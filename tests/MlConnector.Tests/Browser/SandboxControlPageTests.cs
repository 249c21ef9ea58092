using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Browser;

public sealed class SandboxControlPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ControlPage_AppliesFaultSwitches_AndShowsRecentRequests()
    {
        var d365 = browser.Host.Services.GetRequiredService<SandboxRegistry>()["d365"];
        using (var client = browser.Host.CreateBrowserlikeClient())
            await client.GetAsync("sandbox/d365/data/VendorsV2?probe=from-test");

        var page = await browser.NewPageAsync();
        await page.GotoAsync("sandbox");
        await page.Locator("section[data-simulator=visma]").WaitForAsync();
        (await page.Locator("section[data-simulator=visma]").GetByLabel("Partial $batch failure").CountAsync()).ShouldBe(0);
        var card = page.Locator("section[data-simulator=d365]");
        await card.WaitForAsync();
        await card.GetByLabel("Latency (ms)").FillAsync("25");
        await card.GetByLabel("Next N requests → 429").FillAsync("3");
        await card.GetByLabel("Partial $batch failure").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await card.GetByText("Fault switches applied.").WaitForAsync();

        d365.Faults.Settings.ShouldBe(new FaultSettings { LatencyMs = 25, RateLimitNext = 3, RetryAfterSeconds = 1, PartialBatchFailure = true });

        await card.GetByRole(AriaRole.Button, new() { Name = "Recent requests" }).ClickAsync();
        await card.Locator("td", new() { HasText = "probe=from-test" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "09-sandbox-control");

        await card.GetByRole(AriaRole.Button, new() { Name = "Reset data" }).ClickAsync();
        // The page reloads its cards after a reset; wait (bounded) for the simulator to be back at defaults.
        for (var i = 0; i < 50 && d365.Faults.Settings != new FaultSettings(); i++) await Task.Delay(100);
        d365.Faults.Settings.ShouldBe(new FaultSettings());
    }
}
