using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Browser;

/// <summary>A trial against the built-in simulators: credentials typed or filled in, both sides pinged green.</summary>
public sealed partial class SandboxConnectionsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Owner_TypesRampAndD365Credentials_AndBothPingGreen()
    {
        var page = await SignUpAndOpenConnectionsAsync("ramp-dynamics-365", "Harbor & Pine Advisory");

        var ramp = page.Locator(".connection-card[data-system=Ramp]");
        await ramp.GetByLabel("Ramp environment").SelectOptionAsync("ml-connector-sandbox");
        await ramp.GetByLabel("Client ID").FillAsync(RampSimulator.DefaultClientId);
        await ramp.GetByLabel("Client secret").FillAsync(RampSimulator.DefaultClientSecret);
        await ramp.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await ramp.GetByRole(AriaRole.Button, new() { Name = "Ping" }).ClickAsync();
        await ramp.GetByText("Ping succeeded").WaitForAsync();

        var d365 = page.Locator(".connection-card[data-system=Dynamics365]");
        var environment = browser.Host.Services.GetRequiredService<ISandboxEndpoint>().SimulatorBase("d365")!.ToString().TrimEnd('/');
        await d365.GetByLabel("Environment URL").FillAsync(environment);
        await d365.GetByLabel("Microsoft Entra tenant ID").FillAsync(D365SandboxApp.TenantId);
        await d365.GetByLabel("Application (client) ID").FillAsync("6f1c2b9e-0d7a-4e21-9b3c-5a8d7e6f4c21");
        await d365.GetByLabel("Client secret").FillAsync(D365SandboxApp.ClientSecret);
        await d365.GetByLabel("Legal entity (dataAreaId)").FillAsync("hpus");
        await d365.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await d365.GetByRole(AriaRole.Button, new() { Name = "Ping" }).ClickAsync();
        // A GUID the sandbox tenant does not know: the ping says so in Entra's terms.
        await d365.GetByText("No application with client ID").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(d365, "13-d365-ping-unknown-app");

        await d365.GetByLabel("Application (client) ID").FillAsync(D365SandboxApp.ClientId);
        await d365.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await d365.GetByRole(AriaRole.Button, new() { Name = "Ping" }).ClickAsync();
        await d365.GetByText("Ping succeeded").WaitForAsync();
        (await d365.Locator(".ping-steps li.ok").CountAsync()).ShouldBe(3);
        var html = await page.ContentAsync();
        html.ShouldNotContain(D365SandboxApp.ClientSecret, Case.Sensitive, "saved secrets never go back to the browser");
        html.ShouldNotContain(RampSimulator.DefaultClientSecret, Case.Sensitive);
        await BrowserFixture.ScreenshotAsync(page.Locator(".connection-grid"), "14-ramp-d365-ping-green");

        var reference = page.Locator(".reference-panel");
        await reference.GetByRole(AriaRole.Button, new() { Name = "Pull reference data" }).ClickAsync();
        var accounts = reference.Locator("tr", new() { HasText = "Main accounts" });
        await accounts.WaitForAsync();
        var company = browser.Host.Services.GetRequiredService<MlConnector.Sandbox.Seed.SandboxCompany>();
        (await accounts.InnerTextAsync()).ShouldContain(company.Accounts.Count.ToString());
        // Ramp is read too: no accounting connection yet, so only its vendors.
        (await reference.Locator("tr[data-system=Ramp]").InnerTextAsync()).ShouldContain(company.Vendors.Count.ToString());
        (await reference.GetByRole(AriaRole.Alert).CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(reference, "17-reference-data");

        await page.GotoAsync(WorkspaceOf(page.Url));
        await page.Locator("li.step[data-step=credentials].done").WaitForAsync();
        await page.Locator("li.step[data-step=ping].done").WaitForAsync();
    }

    [Fact]
    public async Task SandboxButton_FillsBothSides_AndBothPingGreen()
    {
        var page = await SignUpAndOpenConnectionsAsync("ramp-visma-net", "Nordlys Consulting AS");

        await page.GetByRole(AriaRole.Button, new() { Name = "Use sandbox credentials" }).ClickAsync();
        await WaitForFilledCardsAsync(page);
        foreach (var system in new[] { "Ramp", "VismaNet" })
        {
            var card = page.Locator($".connection-card[data-system={system}]");
            await card.GetByRole(AriaRole.Button, new() { Name = "Ping" }).ClickAsync();
            await card.GetByText("Ping succeeded").WaitForAsync();
        }
        await BrowserFixture.ScreenshotAsync(page.Locator(".connection-grid"), "15-sandbox-credentials-green");

        // Visma Connect is down for the pull's token request (a POST, so not retried): Ramp is still read and shown.
        browser.Host.Services.GetRequiredService<SandboxRegistry>()["visma"].Faults.Settings = new FaultSettings { ServerErrorNext = 1 };
        var reference = page.Locator(".reference-panel");
        await reference.GetByRole(AriaRole.Button, new() { Name = "Pull reference data" }).ClickAsync();
        var failure = reference.GetByRole(AriaRole.Alert);
        await failure.WaitForAsync();
        (await failure.InnerTextAsync()).ShouldContain("Visma.net ERP could not be read");
        await reference.Locator("tr[data-system=Ramp]").WaitForAsync();
        (await reference.Locator("tr[data-system=VismaNet]").CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(reference, "18-reference-data-one-system-failed");

        await page.GotoAsync(WorkspaceOf(page.Url));
        await page.Locator("li.step[data-step=credentials].done").WaitForAsync();
        await page.Locator("li.step[data-step=ping].done").WaitForAsync();
    }

    [Fact]
    public async Task StampliTrial_SandboxButton_UsesTheDropFolder_AndBothSidesPingGreen()
    {
        var page = await SignUpAndOpenConnectionsAsync("stampli-dynamics-365", "Fjordline Trial AS");

        await page.GetByRole(AriaRole.Button, new() { Name = "Use sandbox credentials" }).ClickAsync();
        await WaitForFilledCardsAsync(page);
        foreach (var system in new[] { "StampliSftp", "Dynamics365" })
        {
            var card = page.Locator($".connection-card[data-system={system}]");
            await card.GetByRole(AriaRole.Button, new() { Name = "Ping" }).ClickAsync();
            await card.GetByText("Ping succeeded").WaitForAsync();
        }
        (await page.Locator(".connection-card[data-system=StampliSftp]").GetByText("The sandbox drop folder stands in").CountAsync()).ShouldBe(1);
        await BrowserFixture.ScreenshotAsync(page.Locator(".connection-grid"), "16-stampli-trial-green");
    }

    /// <summary>The button saves every side and then rebuilds the cards: click nothing until both show the saved state.</summary>
    private static async Task WaitForFilledCardsAsync(IPage page)
    {
        var saved = page.Locator(".connection-card .state", new() { HasText = "Saved, not pinged" });
        await saved.Nth(1).WaitForAsync();
        (await saved.CountAsync()).ShouldBe(2);
    }

    private async Task<IPage> SignUpAndOpenConnectionsAsync(string integration, string company)
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignUpToIntegrationPageAsync(page, integration, company, SsrForms.Account(300));
        return page;
    }

    private static string WorkspaceOf(string url) => WorkspacePath().Match(url).Value.TrimStart('/');


    [GeneratedRegex("/w/[0-9a-f-]{36}")]
    private static partial Regex WorkspacePath();
}
