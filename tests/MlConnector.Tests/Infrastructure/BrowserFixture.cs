using Microsoft.Playwright;

namespace MlConnector.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright, against the portal on a real Kestrel port.</summary>
public class BrowserFixture : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;
    public PortalHost Host { get; private set; } = default!;

    /// <summary>Where screenshots go, for a person to look at: artifacts/screenshots at the repository root.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public virtual async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: run the test command from the README, which installs Debian's chromium.");
        Host = await StartHostAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            // The machine has no outside network: without these Chromium keeps dialling Google's hosts.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--disable-quic"],
        });
    }

    protected virtual Task<PortalHost> StartHostAsync() => PortalHost.StartAsync(Db.Sqlite);

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Host.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        // Generous: CI shares two cores between the portal, the simulators, sshd and Chromium.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>A full-page capture resizes the page, which closes open popups: pass fullPage false for those.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = fullPage });
    }

    /// <summary>One element, whole: the app pages scroll inside the layout's body, which a page capture cuts off.</summary>
    public static async Task ScreenshotAsync(ILocator element, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await element.Page.SetViewportSizeAsync(1280, 2400); // tall enough that the layout's body need not scroll
        await element.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}.png") });
        await element.Page.SetViewportSizeAsync(1280, 900);
    }

    /// <summary>A visitor's sign-up through "Get started" for <paramref name="integration"/>, as a person types it.</summary>
    public static async Task SignUpAsync(IPage page, string integration, string company, string email)
    {
        await page.GotoAsync($"get-started?integration={integration}");
        await page.GetByLabel("Company name").FillAsync(company);
        await page.GetByLabel("Work email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(SsrForms.GoodPassword);
        await page.GetByLabel("Confirm password").FillAsync(SsrForms.GoodPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/w/[0-9a-f-]{36}$"));
    }

    /// <summary>Signs up for <paramref name="integration"/> and opens its new integration page ("Set up connections"), circuit up.</summary>
    /// <returns>The workspace's and the integration's ids, from the page's address.</returns>
    public static async Task<(Guid Workspace, Guid Integration)> SignUpToIntegrationPageAsync(IPage page, string integration, string company, string email)
    {
        await SignUpAsync(page, integration, company, email);
        await WaitForCircuitAsync(page);
        var address = new System.Text.RegularExpressions.Regex("/w/([0-9a-f-]{36})/integrations/([0-9a-f-]{36})$");
        // On a loaded machine a click can land while the checklist re-renders its button, and nothing happens (seen in
        // CI: the URL never changed). Clicking again is what a person would do, but only while the button is still
        // there: a slow server may be opening the integration page already (seen in CI too: the button was gone when
        // a second click looked for it after 10 s). Once the first click created the integration, the button says
        // "Open connections".
        var button = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Set up|Open) connections$") });
        await button.ClickAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.WaitForURLAsync(address, new() { Timeout = 15_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                if (!await button.IsVisibleAsync()) continue;
                try
                {
                    await button.ClickAsync(new() { Timeout = 5_000 });
                }
                catch (TimeoutException)
                {
                    // Gone between the look and the click: the page is on its way.
                }
            }
        }
        await WaitForCircuitAsync(page);
        var ids = address.Match(page.Url);
        return (Guid.Parse(ids.Groups[1].Value), Guid.Parse(ids.Groups[2].Value));
    }

    /// <summary>Fills both connection cards with the built-in sandbox's credentials and waits until both are saved.</summary>
    public static async Task UseSandboxCredentialsAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Use sandbox credentials" }).ClickAsync();
        await page.Locator(".connection-card .state", new() { HasText = "Saved, not pinged" }).Nth(1).WaitForAsync();
    }

    /// <summary>Clicks before the circuit is up are lost: wait for the layout to say it is interactive.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("#circuit-state[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        Host.Dispose();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlConnector.sln"))) dir = dir.Parent;
        return dir?.FullName ?? AppContext.BaseDirectory;
    }
}
