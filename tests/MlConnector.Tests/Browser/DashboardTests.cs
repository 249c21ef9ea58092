using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Notifications;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Notifications;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Browser;

/// <summary>The portal with a local SMTP sink as its mail server, and no background workers: the tests move records themselves.</summary>
public sealed class DashboardPortalFixture : BrowserFixture
{
    public SmtpSink Mail { get; } = new();

    // A small sandbox company keeps "Sync now" and the engine's work on it to moments.
    protected override Task<PortalHost> StartHostAsync() =>
        PortalHost.StartAsync(Db.Sqlite, NotificationKit.Quiet(new(NotificationKit.Smtp(Mail)) { ["Sandbox:Documents"] = "40" }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

/// <summary>The integration dashboard live, the owner's pause banner, and the notification settings, in Chromium.</summary>
public sealed class DashboardTests(DashboardPortalFixture browser) : IClassFixture<DashboardPortalFixture>
{
    [Fact]
    public async Task ARecordsStateChange_AppearsOnTheOpenDashboard_WithoutReload()
    {
        var page = await browser.NewPageAsync();
        var (workspace, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Live", SsrForms.Account(340));
        await BrowserFixture.UseSandboxCredentialsAsync(page);
        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
        {
            await PingAndTokenAsync(owner);
            await owner.Get<SyncControl>().ActivateAsync(integration);
            await SeedHistoryAsync(owner);
        }

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Dashboard") }).ClickAsync();
        await page.WaitForURLAsync($"**/w/{workspace}/integrations/{integration}/dashboard");
        await BrowserFixture.WaitForCircuitAsync(page);
        var pending = page.Locator(".state-tile[data-state=Pending] .state-count");
        var failed = page.Locator(".state-tile[data-state=Failed] .state-count");
        var pendingBefore = int.Parse(await pending.InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var failedBefore = int.Parse(await failed.InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        // Anything that reloads the page loses this.
        await page.EvaluateAsync("window.stillTheSamePage = true");

        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
            await owner.Get<SyncIntake>().AcceptAsync(integration, [new("live-probe", "x1"), new("live-probe", "x2"), new("live-probe", "x3")], IntakeVia.Webhook, "test");
        await page.Locator(".state-tile[data-state=Pending] .state-count", new() { HasTextString = (pendingBefore + 3).ToString(CultureInfo.InvariantCulture) }).WaitForAsync();

        // The engine fails one of them (a refused post): it leaves Pending and joins Failed.
        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
        {
            await using var db = owner.Get<IDbContextFactory<AppDbContext>>().CreateDbContext();
            var ledger = new SyncLedger(db, DateTimeOffset.UtcNow);
            var record = await db.SyncRecords.SingleAsync(r => r.SourceId == "x1");
            ledger.Move(record, SyncState.Failed, AuditAction.Failed, "system", "D365 refused the invoice: the period is closed.");
            await ledger.SaveAsync(owner.Get<SyncEvents>(), default);
        }
        await page.Locator(".state-tile[data-state=Failed] .state-count", new() { HasTextString = (failedBefore + 1).ToString(CultureInfo.InvariantCulture) }).WaitForAsync();
        await page.Locator(".state-tile[data-state=Pending] .state-count", new() { HasTextString = (pendingBefore + 2).ToString(CultureInfo.InvariantCulture) }).WaitForAsync();
        (await page.EvaluateAsync<bool>("window.stillTheSamePage === true")).ShouldBeTrue("the figures changed without a reload");

        (await page.Locator(".health[data-system=Ramp] .health-state").InnerTextAsync()).ShouldStartWith("Ping OK");
        (await page.Locator("[data-field=next-poll]").InnerTextAsync()).ShouldContain("UTC");
        await BrowserFixture.ScreenshotAsync(page.Locator(".dashboard"), "34-dashboard");
    }

    [Fact]
    public async Task SyncNow_ReadsTheSource_AndShowsTheEnginesProgressLive()
    {
        var page = await browser.NewPageAsync();
        var (workspace, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Sync Now", SsrForms.Account(343));
        await BrowserFixture.UseSandboxCredentialsAsync(page);
        await page.GotoAsync($"w/{workspace}/integrations/{integration}/dashboard");
        await BrowserFixture.WaitForCircuitAsync(page);
        var syncNow = page.GetByRole(AriaRole.Button, new() { Name = "Sync now" });
        (await syncNow.IsDisabledAsync()).ShouldBeTrue("a draft integration has nothing to sync");

        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
            await owner.Get<SyncControl>().ActivateAsync(integration);
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.Locator(".sync-status[data-status=Active]").WaitForAsync();
        await syncNow.ClickAsync();
        var progress = page.Locator(".progress-text");
        await progress.WaitForAsync();
        var total = int.Parse((await progress.GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);
        total.ShouldBeGreaterThan(0);
        (await page.Locator(".sync-progress").InnerTextAsync()).ShouldContain("new");
        await page.EvaluateAsync("window.stillTheSamePage = true");

        // The engine works the queue (what this node's workers do once poked): the bar follows without a reload.
        await browser.Host.Services.GetRequiredService<SyncEngine>().DrainAsync(default);
        await page.Locator(".progress-text", new() { HasTextString = $"All {total:N0} done" }).WaitForAsync();
        (await page.EvaluateAsync<bool>("window.stillTheSamePage === true")).ShouldBeTrue();
    }

    [Fact]
    public async Task TheOwner_SeesTheBanner_WhenAnIntegrationPausesItself()
    {
        var page = await browser.NewPageAsync();
        var (workspace, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Alerts", SsrForms.Account(341));
        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
        {
            await owner.Get<SyncControl>().ActivateAsync(integration);
            // The engine's pause: a post met credentials D365 no longer accepts.
            await using var db = owner.Get<IDbContextFactory<AppDbContext>>().CreateDbContext();
            var ledger = new SyncLedger(db, DateTimeOffset.UtcNow);
            ledger.PauseIntegration(integration, "Dynamics 365 refused the client secret (AADSTS7000215). Replace the secret on the connection.");
            await ledger.SaveAsync(owner.Get<SyncEvents>(), default);
        }

        await page.Locator("a.eyebrow, .eyebrow a").First.ClickAsync();
        var banner = page.Locator(".owner-alert", new() { HasText = "paused itself" });
        await banner.WaitForAsync();
        (await banner.InnerTextAsync()).ShouldContain("AADSTS7000215");
        await BrowserFixture.ScreenshotAsync(page.Locator(".app-body"), "36-pause-banner");

        // Resumed and paused by a person: no alarm.
        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
        {
            await owner.Get<SyncControl>().ActivateAsync(integration);
            await owner.Get<SyncControl>().PauseAsync(integration, "Month-end freeze");
        }
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.Locator(".integration-links li", new() { HasText = "Paused" }).WaitForAsync();
        (await page.Locator(".owner-alert").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task TheOwner_SetsEmailNotifications_SendsATest_AndSeesTheEpisodeSent()
    {
        var page = await browser.NewPageAsync();
        var (workspace, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Notify", SsrForms.Account(342));
        await page.GetByRole(AriaRole.Link, new() { Name = "Notifications" }).ClickAsync();
        await page.WaitForURLAsync($"**/w/{workspace}/notifications");
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.GetByText("Email", new() { Exact = true }).ClickAsync();
        await page.Locator("textarea[name=email-to]").FillAsync("finance-ops@harborpine.example, it@harborpine.example");
        await page.Locator("input[name=failure-threshold]").FillAsync("5");
        await page.Locator("input[name=failure-threshold]").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." }).WaitForAsync();
        var before = browser.Mail.Messages.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a test" }).ClickAsync();
        await page.GetByText("Test sent: check that it arrived.").WaitForAsync();
        browser.Mail.Messages.Skip(before).ShouldContain(m => m.To.Contains("it@harborpine.example") && m.Subject.Contains("Test notification"));

        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
        {
            await owner.Get<SyncControl>().ActivateAsync(integration);
            await NotificationKit.FailRecordsAsync(owner, 7);
        }
        (await browser.Host.Services.GetRequiredService<NotificationSweep>().RunAsync(default)).ShouldBeGreaterThanOrEqualTo(1);
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.Locator(".episodes tr[data-kind=Failures]", new() { HasText = "Sent by email" }).WaitForAsync();
        await page.Locator(".owner-alert", new() { HasText = "7 records failed in the last hour" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page.Locator(".app-body"), "35-notifications");
    }

    [Fact]
    public async Task AViewer_SeesTheDashboardWithoutSyncNow_NoBanner_AndNoNotificationSettings()
    {
        var page = await browser.NewPageAsync();
        var (workspace, integration) = await BrowserFixture.SignUpToIntegrationPageAsync(page, "ramp-dynamics-365", "Harbor & Pine Roles", SsrForms.Account(344));
        var viewerEmail = SsrForms.Account(345);
        using (var client = browser.Host.CreateBrowserlikeClient())
            await SsrForms.RegisterWorkspaceAsync(client, viewerEmail, "Viewer's Own Co");
        using (var owner = TestIntegration.Enter(browser.Host, workspace, integration))
        {
            (await owner.Get<MlConnector.Web.Features.Workspaces.WorkspaceMembers>().AddAsync(viewerEmail, MlConnector.Web.Features.Workspaces.WorkspaceRole.Viewer)).ShouldBeNull();
            await owner.Get<SyncControl>().ActivateAsync(integration);
            await using var db = owner.Get<IDbContextFactory<AppDbContext>>().CreateDbContext();
            var ledger = new SyncLedger(db, DateTimeOffset.UtcNow);
            ledger.PauseIntegration(integration, "Ramp refused the client credentials.");
            await ledger.SaveAsync(owner.Get<SyncEvents>(), default);
        }

        var viewer = await browser.NewPageAsync();
        await viewer.GotoAsync("account/login");
        await viewer.GetByLabel("Email").FillAsync(viewerEmail);
        await viewer.GetByLabel("Password").FillAsync(SsrForms.GoodPassword);
        await viewer.GetByRole(AriaRole.Button, new() { NameRegex = new("^(Sign in|Log in)$") }).ClickAsync();
        await viewer.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/w/[0-9a-f-]{36}$"));
        await viewer.GotoAsync($"w/{workspace}/integrations/{integration}/dashboard");
        await BrowserFixture.WaitForCircuitAsync(viewer);
        await viewer.Locator(".state-tile[data-state=Pending]").WaitForAsync();
        await viewer.Locator(".dashboard-paused", new() { HasText = "by itself" }).WaitForAsync();
        (await viewer.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).CountAsync()).ShouldBe(0);
        (await viewer.Locator(".owner-alert").CountAsync()).ShouldBe(0, "the banner is for those who can fix it");

        await viewer.GotoAsync($"w/{workspace}/notifications");
        await BrowserFixture.WaitForCircuitAsync(viewer);
        await viewer.GetByText("Your role (Viewer) cannot see or change the workspace's notification settings").WaitForAsync();
        (await viewer.Locator("textarea, input[name=failure-threshold]").CountAsync()).ShouldBe(0);
    }

    /// <summary>Pings both connections and fetches Ramp's token, as the owner's "Ping" and the first sync would.</summary>
    private static async Task PingAndTokenAsync(TestIntegration owner)
    {
        var connections = (await owner.Get<ConnectionStore>().IntegrationAsync(owner.Id))!.Value.Connections;
        foreach (var connection in connections) (await owner.Get<ConnectionPinger>().PingAsync(connection.Id)).Report.Ok.ShouldBeTrue();
        (await owner.Get<RampTokens>().GetAsync(owner.WorkspaceId, connections.Single(c => c.System == ExternalSystem.Ramp).Id, default)).IsOk.ShouldBeTrue();
    }

    /// <summary>A day and a fortnight of trail, as a running integration leaves it: posted and confirmed bills, a few failures and blocks.</summary>
    private static async Task SeedHistoryAsync(TestIntegration owner)
    {
        await using var db = owner.Get<IDbContextFactory<AppDbContext>>().CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var n = 0;
        void Record(DateTimeOffset at, SyncState state, AuditAction action)
        {
            var id = Guid.NewGuid();
            n++;
            db.SyncRecords.Add(new SyncRecord
            {
                Id = id, IntegrationId = owner.Id, Flow = "history", SourceId = $"bill-{n}", State = state, CreatedAt = at.AddMinutes(-3), UpdatedAt = at, NextAttemptAt = at,
                TargetDocumentId = state is SyncState.Posted or SyncState.Confirmed ? $"VINV-{n:D5}" : null,
            });
            db.AuditEvents.Add(new AuditEvent { IntegrationId = owner.Id, RecordId = id, At = at.AddMinutes(-3), Action = AuditAction.Received, ToState = SyncState.Pending, Actor = "webhook" });
            db.AuditEvents.Add(new AuditEvent { IntegrationId = owner.Id, RecordId = id, At = at, Action = action, FromState = SyncState.Pending, ToState = state, Actor = "system" });
        }
        for (var hour = 1; hour < 24 * 14; hour++)
        {
            var at = now.AddHours(-hour);
            var busy = at.Hour is >= 8 and <= 18 ? 6 : 1;
            for (var i = 0; i < busy + (hour * 7 % 5); i++) Record(at.AddMinutes(-i * 4), hour < 30 ? SyncState.Posted : SyncState.Confirmed, AuditAction.Posted);
            if (hour % 9 == 0) Record(at, SyncState.Failed, AuditAction.Failed);
            if (hour % 31 == 0) Record(at, SyncState.Blocked, AuditAction.Blocked);
        }
        await db.SaveChangesAsync();
    }
}
