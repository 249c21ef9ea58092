using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Browser;

/// <summary>The portal with the probe flow beside the shipped bill flow; both take Ramp bill events.</summary>
public sealed class WebhookFlowPortalFixture : BrowserFixture
{
    protected override Task<PortalHost> StartHostAsync() =>
        PortalHost.StartAsync(Db.Sqlite, replaceServices: services => services.AddSingleton<ISyncFlow, LedgerProbeFlow>());
}

/// <summary>An owner subscribes the integration to Ramp's webhooks from its page, sees a delivery counted, and removes it.</summary>
public sealed class WebhooksPanelTests(WebhookFlowPortalFixture browser) : IClassFixture<WebhookFlowPortalFixture>
{
    [Fact]
    public async Task Owner_SubscribesToRampWebhooks_SeesDeliveriesCounted_AndRemovesTheSubscription()
    {
        var page = await browser.NewPageAsync();
        var (_, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Hooks", SsrForms.Account(330));
        await BrowserFixture.UseSandboxCredentialsAsync(page);
        var panel = page.Locator(".webhooks-panel");
        (await panel.Locator(".sync-status").InnerTextAsync()).ShouldBe("Not subscribed");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Subscribe to Ramp webhooks" }).ClickAsync();
        await panel.Locator(".sync-status", new() { HasText = "Active" }).WaitForAsync();
        (await panel.GetByRole(AriaRole.Status).InnerTextAsync()).ShouldContain("Subscribed and verified");
        using var ramp = await SandboxRampApi.CreateAsync(browser.Host);
        var inRamp = JsonDocument.Parse(await ramp.GetStringAsync("webhooks")).RootElement.EnumerateArray()
            .Single(w => w.GetProperty("endpoint_url").GetString()!.EndsWith(integration.ToString(), StringComparison.Ordinal));
        inRamp.GetProperty("status").GetString().ShouldBe("active");

        // Ramp's own test event reaches the endpoint signed; after a reload the panel counts it.
        (await ramp.PostAsJsonAsync("webhooks/mock-webhook-event", new { event_type = "bills.approved", object_id = "bill_panel_probe" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        for (var i = 0; i < 50; i++)
        {
            await page.ReloadAsync();
            await BrowserFixture.WaitForCircuitAsync(page);
            if ((await page.Locator(".webhooks-panel [data-last-delivery]").InnerTextAsync()).Contains("1 accepted", StringComparison.Ordinal)) break;
            await Task.Delay(200);
        }
        (await panel.Locator("[data-last-delivery]").InnerTextAsync()).ShouldContain("1 accepted");
        (await panel.Locator(".sync-status").InnerTextAsync()).ShouldBe("Active");
        await BrowserFixture.ScreenshotAsync(panel, "21-ramp-webhooks");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Remove webhook subscription" }).ClickAsync();
        await panel.Locator(".sync-status", new() { HasText = "Not subscribed" }).WaitForAsync();
        (await ramp.GetAsync($"webhooks/{inRamp.GetProperty("id").GetString()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
