using Microsoft.Playwright;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.RampD365;

namespace MlConnector.Tests.Browser;

/// <summary>An owner sets how a Ramp → D365 integration posts; what cannot be saved is named field by field.</summary>
public sealed class PostingSettingsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Owner_GetsTheSandboxsJournals_FixesWhatIsMissing_AndTheSettingsStay()
    {
        var page = await browser.NewPageAsync();
        var (workspace, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Posting", SsrForms.Account(340));
        var panel = page.Locator(".posting-settings");
        (await panel.Locator("input[name=card-journal]").InputValueAsync()).ShouldBe("", "journal names are the customer's own: no default");

        await BrowserFixture.UseSandboxCredentialsAsync(page);
        await Assertions.Expect(panel.Locator("input[name=card-journal]")).ToHaveValueAsync("CardSpend");
        (await panel.Locator("input[name=card-liability]").InputValueAsync()).ShouldBe(RampD365Settings.Sandbox.CardLiabilityAccount);

        (await panel.Locator("input[name=card-journal-max]").InputValueAsync()).ShouldBe("1000");
        await panel.Locator("input[name=card-liability]").FillAsync("");
        await panel.Locator("input[name=ledger-format]").FillAsync("Department-CostCenter");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        var errors = panel.GetByRole(AriaRole.Alert);
        await errors.WaitForAsync();
        (await errors.Locator("li").AllInnerTextsAsync()).ShouldBe(
        [
            "Ledger dimension format: it must contain MainAccount.",
            "Card liability account: required while card transactions are on.",
        ]);

        // Ramp's primary entity posts unless another is chosen; this integration takes the UK entity's spend.
        var entity = panel.Locator(".rz-dropdown").First;
        await Assertions.Expect(entity.Locator(".rz-dropdown-label")).ToHaveTextAsync("Ramp's primary entity (Harbor & Pine Advisory Inc.)");
        await entity.ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = "Harbor & Pine Advisory Ltd" }).ClickAsync();
        await panel.Locator("input[name=card-liability]").FillAsync("2004");
        await panel.Locator("input[name=ledger-format]").FillAsync("MainAccount-Department-CostCenter");
        await panel.Locator("input[name=card-journal-max]").FillAsync("250");
        await panel.Locator("input[name=card-journal-max]").BlurAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await panel.GetByText("Saved. The next sync run posts with these settings.").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(panel, "22-posting-settings");

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        (await page.Locator(".posting-settings input[name=card-liability]").InputValueAsync()).ShouldBe("2004");
        using var owner = TestIntegration.Enter(browser.Host, workspace, integration);
        var stored = await owner.Get<RampD365SettingsStore>().GetAsync(integration);
        stored.ShouldBe(RampD365Settings.Sandbox with { CardLiabilityAccount = "2004", CardJournalMaxTransactions = 250, RampEntityId = stored.RampEntityId });
        (await owner.Get<RampD365SettingsStore>().RampEntitiesAsync(integration)).Value.ShouldNotBeNull()
            .Single(e => e.Id == stored.RampEntityId).Name.ShouldBe("Harbor & Pine Advisory Ltd");
        await Assertions.Expect(page.Locator(".posting-settings .rz-dropdown-label").First).ToHaveTextAsync("Harbor & Pine Advisory Ltd");
    }
}
