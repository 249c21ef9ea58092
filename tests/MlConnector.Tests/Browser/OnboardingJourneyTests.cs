using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Browser;

public sealed partial class OnboardingJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Visitor_FromCatalogThroughGetStarted_LandsOnTheChecklistOfTheChosenIntegration()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("");
        await BrowserFixture.ScreenshotAsync(page, "00-landing");
        await page.Locator(".site-nav").GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Integrations", Level = 1 }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "01-catalog");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ramp ↔ Visma.net ERP", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ramp ↔ Visma.net ERP", Level = 1 }).WaitForAsync();
        await BrowserFixture.WaitForCircuitAsync(page);

        // The FAQ answers open on a click handled by the server over the circuit.
        var question = page.GetByRole(AriaRole.Button, new() { Name = "Which company do invoices go to?" });
        var answer = page.GetByText("The Visma company you choose when you add your Visma credentials");
        (await question.GetAttributeAsync("aria-expanded")).ShouldBe("false");
        (await answer.CountAsync()).ShouldBe(0);
        await question.ClickAsync();
        await answer.WaitForAsync();
        (await question.GetAttributeAsync("aria-expanded")).ShouldBe("true");
        await BrowserFixture.ScreenshotAsync(page, "02-integration-page");

        await page.Locator(".page-intro").GetByRole(AriaRole.Link, new() { Name = "Get started" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("account/register\\?integration=ramp-visma-net"));
        (await page.GetByLabel("Integration").InputValueAsync()).ShouldBe("ramp-visma-net");

        await page.GetByLabel("Company name").FillAsync("Nordlys Consulting AS");
        await page.GetByLabel("Work email").FillAsync(SsrForms.Account(100));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(SsrForms.GoodPassword);
        await page.GetByLabel("Confirm password").FillAsync(SsrForms.GoodPassword + "?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.GetByText("The two passwords do not match.").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "03-sign-up-error");

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(SsrForms.GoodPassword);
        await page.GetByLabel("Confirm password").FillAsync(SsrForms.GoodPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await page.WaitForURLAsync(WorkspaceUrl());
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Nordlys Consulting AS" }).WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Set up Ramp ↔ Visma.net ERP" }).WaitForAsync();
        (await page.Locator("li.step").CountAsync()).ShouldBe(6);
        (await page.Locator("li.step.done").CountAsync()).ShouldBe(1);
        await BrowserFixture.WaitForCircuitAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "04-checklist");
    }

    [Fact]
    public async Task SecondUser_CannotOpenTheFirstUsersWorkspace_AndSwitchesOnlyBetweenTheirOwn()
    {
        var first = await browser.NewPageAsync();
        var firstWorkspace = await RegisterAsync(first, "Ledgerline Secret Corp", "stampli-dynamics-365");

        var second = await browser.NewPageAsync();
        var secondWorkspace = await RegisterAsync(second, "Second Ledger Ltd", "ramp-dynamics-365");
        secondWorkspace.ShouldNotBe(firstWorkspace);

        var response = await second.GotoAsync($"w/{firstWorkspace}");
        response!.Status.ShouldBe(404);
        await second.GetByRole(AriaRole.Heading, new() { Name = "We could not find that page" }).WaitForAsync();
        (await second.ContentAsync()).ShouldNotContain("Ledgerline Secret Corp");
        await BrowserFixture.ScreenshotAsync(second, "05-other-tenant-404");

        // A second workspace of their own, created from the app, then switched between.
        await second.GotoAsync($"w/{secondWorkspace}");
        await BrowserFixture.WaitForCircuitAsync(second);
        await second.GetByRole(AriaRole.Link, new() { Name = "+ New workspace" }).ClickAsync();
        await second.GetByRole(AriaRole.Heading, new() { Name = "New workspace" }).WaitForAsync();
        await second.Locator("input[name=Name]").FillAsync("Second Ledger Group");
        await second.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync();
        await second.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Second Ledger Group" }).WaitForAsync();

        await second.Locator(".workspace-switcher").ClickAsync();
        var options = second.Locator(".rz-dropdown-item");
        await options.First.WaitForAsync();
        (await options.AllInnerTextsAsync()).Select(o => o.Trim()).ShouldBe(["Second Ledger Group", "Second Ledger Ltd"]);
        await BrowserFixture.ScreenshotAsync(second, "06-workspace-switcher", fullPage: false);
        await options.Filter(new() { HasText = "Second Ledger Ltd" }).ClickAsync();
        await second.WaitForURLAsync($"**/w/{secondWorkspace}");
        await second.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Second Ledger Ltd" }).WaitForAsync();
    }

    [Fact]
    public async Task Member_SignsOutAndBackIn_ReturnsToTheirWorkspaceAndSeesItsMembers()
    {
        var page = await browser.NewPageAsync();
        var email = SsrForms.Account(102);
        var workspace = await RegisterAsync(page, "Returning Rentals Ltd", "ramp-dynamics-365", email);
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your spend system and your ledger, in agreement." }).WaitForAsync();
        (await page.GotoAsync($"w/{workspace}"))!.Url.ShouldContain("account/login");

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(SsrForms.GoodPassword);
        await BrowserFixture.ScreenshotAsync(page, "07-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"**/w/{workspace}");
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.Locator(".workspace-nav").GetByRole(AriaRole.Link, new() { Name = "Members" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Members", Level = 1 }).WaitForAsync();
        var row = page.Locator("tr.rz-data-row");
        await row.First.WaitForAsync();
        (await row.CountAsync()).ShouldBe(1);
        (await row.First.InnerTextAsync()).ShouldContain(email);
        (await row.First.InnerTextAsync()).ShouldContain("Owner");
        await BrowserFixture.ScreenshotAsync(page, "08-members");
    }

    private static async Task<Guid> RegisterAsync(IPage page, string company, string integration, string? email = null)
    {
        await BrowserFixture.SignUpAsync(page, integration, company, email ?? SsrForms.Account(101));
        await page.WaitForURLAsync(WorkspaceUrl());
        return Guid.Parse(WorkspaceUrl().Match(page.Url).Groups[1].Value);
    }

    [GeneratedRegex("/w/([0-9a-f-]{36})$")]
    private static partial Regex WorkspaceUrl();
}
