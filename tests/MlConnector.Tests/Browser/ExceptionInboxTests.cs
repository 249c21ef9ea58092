using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MlConnector.Tests.Exceptions;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Browser;

/// <summary>
/// A portal running its own engine (background workers) with the real Ramp → D365 flows against the built-in simulators,
/// and a Ramp → D365 integration whose chart is pushed to Ramp and mapped: the "Done when" for the inbox.
/// </summary>
public sealed class InboxPortalFixture : BrowserFixture
{
    public SyncScenario Scenario { get; private set; } = default!;

    protected override async Task<PortalHost> StartHostAsync()
    {
        Scenario = await SyncScenario.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Sync:RunWorkers"] = "true" }, posting: InboxCase.Posting, billFlow: true);
        await Scenario.MapCodingAsync();
        return Scenario.Host;
    }

    /// <summary>Until the workers have nothing left to do now (every record posted, blocked, failed or skipped).</summary>
    public async Task SettledAsync()
    {
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(90); ; await Task.Delay(200))
        {
            await using var db = Scenario.OpenDb();
            if (!await db.SyncRecords.AnyAsync(r => r.State == SyncState.Pending || r.State == SyncState.InFlight || r.State == SyncState.RetryScheduled)) return;
            DateTimeOffset.UtcNow.ShouldBeLessThan(deadline, "the portal's workers did not settle the queue");
        }
    }

    public override async Task DisposeAsync()
    {
        Scenario.Owner.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>Finance fixes a missing GL mapping from the inbox and the blocked bills post; a viewer is told the inbox is not theirs.</summary>
public sealed class ExceptionInboxTests(InboxPortalFixture browser) : IClassFixture<InboxPortalFixture>
{
    [Fact]
    public async Task Finance_MapsTheMissingGlCodeFromTheInbox_AndTheBlockedBillsPost_ThenTriesTheClosedPeriodAgain()
    {
        var scenario = browser.Scenario;
        var seeded = await InboxCase.SeedAsync(scenario, browser.SettledAsync);
        var page = await browser.NewPageAsync();
        await JoinAsync(page, "finance", WorkspaceRole.Finance);

        (await page.Locator(".inbox-link").InnerTextAsync()).ShouldContain("10");
        await page.GetByRole(AriaRole.Link, new() { Name = "Inbox", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Exception inbox" }).WaitForAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.Locator(".inbox-total[data-waiting='10']").WaitForAsync();
        var gl = page.Locator(".mapping-group").Filter(new() { HasText = $"GL code {seeded.Gl} (" });
        (await gl.Locator(".group-count").InnerTextAsync()).ShouldBe("4 bills");
        (await gl.Locator(".inbox-examples li").AllInnerTextsAsync())[0].ShouldStartWith("Bill INBOX-BOTH · ");
        (await page.Locator(".failure-group").Filter(new() { HasText = "is Closed" }).Locator(".group-count").InnerTextAsync()).ShouldBe("2 card transactions");
        var text = await page.Locator(".exception-inbox").InnerTextAsync();
        foreach (var technical in new[] { "answered", "{", "line_items", "SR-" }) text.ShouldNotContain(technical, Case.Sensitive);
        await ScreenshotAsync(page, "33-exception-inbox");

        await OpenAsync(page, gl.Locator(".inbox-target", new() { HasText = $"{seeded.Gl} · " })); // the suggestion is chosen once the targets are loaded
        await Filter(page).FillAsync(seeded.Gl);
        await page.Locator(".rz-dropdown-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{seeded.Gl} · ") }).First.ClickAsync();
        await gl.GetByRole(AriaRole.Button, new() { Name = "Map and send" }).ClickAsync();
        await page.Locator(".inbox-notice").Filter(new() { HasText = "3 documents sent again; 1 still waits for another mapping." }).WaitForAsync();
        await gl.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        (await page.Locator(".mapping-group").Filter(new() { HasText = seeded.VendorName }).Locator(".group-count").InnerTextAsync()).ShouldBe("3 bills");

        // The released bills post through the portal's own workers: the inbox follows without a reload, and D365 holds them.
        await page.Locator(".inbox-total[data-waiting='7']").WaitForAsync();
        await browser.SettledAsync();
        for (var i = 0; i < seeded.GlBills.Count; i++)
        {
            var record = await scenario.RecordAsync(seeded.GlBills[i]);
            record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
            (await scenario.HeadersInD365Async($"INBOX-GL-{i + 1}")).ShouldBe([record.TargetDocumentId!]);
        }

        // Another bill of the unmapped vendor comes in while the page is open: its group grows without a reload.
        var held = seeded.VendorBills.Append(seeded.BothBill).ToHashSet();
        var another = (await scenario.ReadyBillsAsync()).Unmapped.First(b => b.GetProperty("vendor").GetProperty("name").GetString() == seeded.VendorName
            && !held.Contains(b.GetProperty("id").GetString()!));
        await scenario.TakeInAsync(IntakeVia.Webhook, another.GetProperty("id").GetString()!);
        await page.Locator(".mapping-group").Filter(new() { HasText = seeded.VendorName }).Locator(".group-count", new() { HasText = "4 bills" }).WaitForAsync();
        await page.Locator(".inbox-total[data-waiting='8']").WaitForAsync();

        scenario.D365.Settings = scenario.D365.Settings with { ClosedPeriodsBefore = null };
        var closed = page.Locator(".failure-group").Filter(new() { HasText = "is Closed" });
        await closed.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await page.Locator(".inbox-notice").Filter(new() { HasText = "2 documents queued again" }).WaitForAsync();
        await closed.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await browser.SettledAsync();
        await using var db = scenario.OpenDb();
        (await db.SyncRecords.Where(r => seeded.ClosedTransactions.Contains(r.SourceId)).Select(r => r.State).ToListAsync()).ShouldBe([SyncState.Posted, SyncState.Posted]);
    }

    [Fact]
    public async Task Viewer_IsToldTheInboxIsNotTheirs_AndSeesNoDocuments()
    {
        var page = await browser.NewPageAsync();
        await JoinAsync(page, "viewer", WorkspaceRole.Viewer);
        (await page.Locator("nav.workspace-nav").GetByRole(AriaRole.Link, new() { Name = "Inbox" }).CountAsync()).ShouldBe(0);

        await page.GotoAsync($"w/{browser.Scenario.Owner.WorkspaceId}/inbox");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Exception inbox" }).WaitForAsync();
        (await page.Locator(".inbox-forbidden").InnerTextAsync()).ShouldContain("Your role (Viewer) cannot open the exception inbox");
        (await page.Locator(".inbox-group, .inbox-total").CountAsync()).ShouldBe(0);
        await page.GotoAsync($"w/{browser.Scenario.Owner.WorkspaceId}/integrations/{browser.Scenario.Integration}");
        await page.Locator(".mappings-link").WaitForAsync();
        (await page.Locator(".inbox-link").CountAsync()).ShouldBe(0);
    }

    /// <summary>Signs a new person up (their own trial workspace) and adds them to the scenario's workspace with <paramref name="role"/>.</summary>
    private async Task JoinAsync(IPage page, string who, WorkspaceRole role)
    {
        var email = SsrForms.Account(who == "finance" ? 331 : 332);
        await BrowserFixture.SignUpAsync(page, "ramp-dynamics-365", $"{who} own co", email);
        (await browser.Scenario.Owner.Get<WorkspaceMembers>().AddAsync(email, role)).ShouldBeNull();
        await page.GotoAsync($"w/{browser.Scenario.Owner.WorkspaceId}/integrations/{browser.Scenario.Integration}");
        await BrowserFixture.WaitForCircuitAsync(page);
    }

    /// <summary>
    /// Opens a dropdown's list. A click that lands while the card re-renders (the live inbox reloads when records move) can
    /// leave it shut; a person clicks again, and so does this, at most three times.
    /// </summary>
    private static async Task OpenAsync(IPage page, ILocator dropdown)
    {
        for (var attempt = 1; ; attempt++)
        {
            await dropdown.ClickAsync();
            try
            {
                await Filter(page).WaitForAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>The open list's search box (every card's dropdown keeps a hidden one in the page).</summary>
    private static ILocator Filter(IPage page) => page.Locator(".rz-dropdown-filter:visible").First;

    /// <summary>The page as finance sees it, header included, tall enough that nothing scrolls away.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var height = await page.Locator(".exception-inbox").EvaluateAsync<int>("e => Math.ceil(e.getBoundingClientRect().bottom) + 40");
        await page.SetViewportSizeAsync(1280, Math.Max(height, 900));
        await BrowserFixture.ScreenshotAsync(page, name, fullPage: false);
        await page.SetViewportSizeAsync(1280, 900);
    }
}
