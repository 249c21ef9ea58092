using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Browser;

/// <summary>
/// A Ramp → D365 workspace (probe flow, one attempt per record, engine driven by the test) where two bills posted and
/// three failed while D365 was down; a support member and a finance member besides the owner.
/// </summary>
public sealed class RecordExplorerFixture : BrowserFixture
{
    public SyncScenario Scenario { get; private set; } = default!;
    public string SupportEmail { get; } = SsrForms.Account(330);
    public string FinanceEmail { get; } = SsrForms.Account(331);
    public IReadOnlyList<string> FailedBills { get; private set; } = [];

    protected override async Task<PortalHost> StartHostAsync()
    {
        Scenario = await SyncScenario.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Sync:MaxAttempts"] = "1" });
        return Scenario.Host;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (email, role) in new[] { (SupportEmail, WorkspaceRole.Support), (FinanceEmail, WorkspaceRole.Finance) })
        {
            using (var client = Host.CreateBrowserlikeClient()) await SsrForms.RegisterWorkspaceAsync(client, email, "Elsewhere Ltd");
            (await Scenario.Owner.Get<WorkspaceMembers>().AddAsync(email, role)).ShouldBeNull();
        }
        var bills = (await Scenario.ReadyBillsAsync()).Mapped.Select(b => b.GetProperty("id").GetString()!).Take(5).ToList();
        await Scenario.TakeInAsync(IntakeVia.Webhook, bills[0], bills[1]);
        await Scenario.Engine.DrainAsync(default);
        Scenario.D365.Faults.Settings = new FaultSettings { ServerErrorShare = 1 };
        await Scenario.TakeInAsync(IntakeVia.Webhook, bills[2], bills[3], bills[4]);
        await Scenario.Engine.DrainAsync(default);
        Scenario.D365.Faults.Reset();
        FailedBills = bills[2..];
        foreach (var bill in FailedBills) (await Scenario.RecordAsync(bill)).State.ShouldBe(SyncState.Failed);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Scenario.Owner.Dispose();
    }
}

/// <summary>Support finds failed records, reads one's timeline and bulk-replays them after the outage; finance gets no records.</summary>
public sealed class RecordExplorerTests(RecordExplorerFixture browser) : IClassFixture<RecordExplorerFixture>
{
    private Guid Workspace => browser.Scenario.Owner.WorkspaceId;

    [Fact]
    public async Task Support_FiltersToFailedRecords_ReadsATimeline_AndBulkReplaysThemAfterTheOutage()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, browser.SupportEmail, $"w/{Workspace}/records");
        var links = page.Locator(".records-grid .record-link");
        await Assertions.Expect(links).ToHaveCountAsync(5);
        await BrowserFixture.ScreenshotAsync(page.Locator(".records-page"), "30-record-explorer");
        // The integration page links here with its integration; a state can be given too.
        await page.GotoAsync($"w/{Workspace}/records?integration={browser.Scenario.Integration}&state=failed");
        await Assertions.Expect(links).ToHaveCountAsync(3);
        await page.GotoAsync($"w/{Workspace}/records?integration={Guid.NewGuid()}");
        await Assertions.Expect(links).ToHaveCountAsync(5);

        await FilterToFailedAsync(page);
        await page.Locator(".records-grid .record-link").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/records/[0-9a-f-]{36}$"));
        var failure = page.Locator(".timeline-entry[data-action=Failed]");
        await Assertions.Expect(failure).ToContainTextAsync("temporarily unavailable");
        await Assertions.Expect(failure).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("lane-target"));
        await Assertions.Expect(page.Locator(".timeline-entry[data-action=Mapped] .payload-version")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".timeline-lanes")).ToContainTextAsync("Dynamics 365");

        await page.GoBackAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await FilterToFailedAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Select all 3 matching" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay…" }).ClickAsync();
        var console = page.Locator(".replay-console");
        var plan = console.Locator(".replay-plan tr[data-plan=LookUpThenPost]");
        await Assertions.Expect(plan).ToContainTextAsync("looks the document up in Dynamics 365 first and links it if it is there, otherwise posts again");
        await Assertions.Expect(plan.Locator(".replay-count")).ToHaveTextAsync("3");
        var confirm = console.GetByRole(AriaRole.Button, new() { Name = "Replay 3 records" });
        await Assertions.Expect(confirm).ToBeDisabledAsync(); // no reason yet
        await console.GetByLabel("Reason for the replay").FillAsync("D365 outage 09:10–09:40 UTC is over");
        await Assertions.Expect(confirm).ToBeEnabledAsync();
        await console.Locator("details.replay-samples summary").ClickAsync();
        await BrowserFixture.ScreenshotAsync(page.Locator(".records-page"), "32-replay-console");

        await confirm.ClickAsync();
        await Assertions.Expect(console.Locator(".replay-queued")).ToContainTextAsync("Queued 3 records for replay");
        await Assertions.Expect(console.Locator(".replay-progress td[data-state=Pending]")).ToHaveTextAsync("3");
        // The engine works them while the console is open: their moves arrive live.
        await browser.Scenario.Engine.DrainAsync(default);
        await Assertions.Expect(console.Locator(".replay-progress td[data-state=Posted]")).ToHaveTextAsync("3");
        await Assertions.Expect(console.Locator(".replay-progress td[data-state=Pending]")).ToHaveTextAsync("0");
        await Assertions.Expect(console.Locator(".replay-queued")).ToContainTextAsync("All of them have been worked.");

        // The record's timeline now tells the whole story: the failed attempt, who replayed it and why, the document in D365.
        await page.GotoAsync($"w/{Workspace}/records/{(await browser.Scenario.RecordAsync(browser.FailedBills[0])).Id}");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator(".timeline-entry[data-action=Replayed]")).ToContainTextAsync("D365 outage 09:10–09:40 UTC is over");
        await Assertions.Expect(page.Locator(".timeline-entry[data-action=Posted]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("lane-target"));
        await BrowserFixture.ScreenshotAsync(page.Locator(".record-page"), "31-record-timeline");

        foreach (var bill in browser.FailedBills)
        {
            var record = await browser.Scenario.RecordAsync(bill);
            record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
            (await browser.Scenario.TrailAsync(record.Id)).ShouldContain(a => a.Action == AuditAction.Replayed && a.Actor == browser.SupportEmail
                && a.Message!.EndsWith("D365 outage 09:10–09:40 UTC is over", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Finance_GetsNoRecordsFromTheExplorer()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, browser.FinanceEmail, $"w/{Workspace}/records");
        await Assertions.Expect(page.Locator(".role-refusal")).ToContainTextAsync("Your role (Finance) cannot explore records");
        (await page.Locator(".records-grid").CountAsync()).ShouldBe(0);
        (await page.ContentAsync()).ShouldNotContain(browser.FailedBills[0]);

        await using var db = browser.Scenario.OpenDb();
        var record = await db.SyncRecords.AsNoTracking().FirstAsync();
        await page.GotoAsync($"w/{Workspace}/records/{record.Id}");
        await Assertions.Expect(page.Locator(".role-refusal")).ToBeVisibleAsync();
        (await page.Locator(".timeline").CountAsync()).ShouldBe(0);
        (await page.ContentAsync()).ShouldNotContain(record.SourceId);
    }

    private static async Task SignInAsync(IPage page, string email, string returnTo)
    {
        await page.GotoAsync($"account/login?ReturnUrl={Uri.EscapeDataString("/" + returnTo)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(SsrForms.GoodPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains(returnTo, StringComparison.Ordinal));
        await BrowserFixture.WaitForCircuitAsync(page);
    }

    private static async Task FilterToFailedAsync(IPage page)
    {
        await page.Locator(".rz-dropdown:has(input[name=state-filter])").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = "Failed" }).ClickAsync();
        await Assertions.Expect(page.Locator(".records-grid .record-link")).ToHaveCountAsync(3);
    }
}
