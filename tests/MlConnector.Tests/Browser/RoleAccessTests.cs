using Microsoft.Playwright;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Integration;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Browser;

/// <summary>
/// Each role signs in and sees only what it may on the integration, mappings and members pages: controls present for the
/// roles allowed to use them, and for the others a read-only page (facts instead of disabled forms, grids without edit controls).
/// </summary>
public sealed class RoleAccessTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] IntegrationControls =
        ["Use sandbox credentials", "Save", "Switch on", "Save settings", "Subscribe to Ramp webhooks", "Pull reference data", "Push chart to Ramp", "Link mapped vendors"];

    private static readonly string[] MappingControls = ["Refresh suggestions", "Accept suggestions at or above"];

    [Fact]
    public async Task EachRole_SeesOnlyTheControlsItsRoleMayUse()
    {
        var workspace = await RoleWorkspace.CreateAsync(browser.Host, company: "Harbor Roles");
        await using (await MappingContext.AttachAsync(browser.Host, workspace.WorkspaceId, workspace.IntegrationId))
        {
        }

        foreach (var role in RoleWorkspace.Roles)
        {
            var page = await browser.NewPageAsAsync(workspace, role);
            await HomePageAsync(page, role);
            await IntegrationPageAsync(page, workspace, role);
            await MappingsPageAsync(page, workspace, role);
            await MembersPageAsync(page, workspace, role);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Signing in lands on the checklist: Owner and Admin get the button that sets connections up, the others a plain link.</summary>
    private static async Task HomePageAsync(IPage page, WorkspaceRole role)
    {
        await page.GetByText($"You are the workspace's {role}").WaitForAsync();
        var manages = role is WorkspaceRole.Owner or WorkspaceRole.Admin;
        (await Buttons(page, "Open connections").CountAsync() > 0).ShouldBe(manages, role.ToString());
        (await page.GetByRole(AriaRole.Link, new() { Name = "Open Harbor Roles RampD365" }).CountAsync() > 0).ShouldBe(!manages, role.ToString());
    }

    private static async Task IntegrationPageAsync(IPage page, RoleWorkspace workspace, WorkspaceRole role)
    {
        await OpenAsync(page, workspace.IntegrationPath);
        await page.Locator(".ramp-chart-panel").WaitForAsync();
        var manages = role is WorkspaceRole.Owner or WorkspaceRole.Admin;
        if (manages)
        {
            await page.Locator(".webhooks-panel").WaitForAsync();
            foreach (var name in IntegrationControls)
                (await Buttons(page, name).CountAsync()).ShouldBeGreaterThan(0, $"{role} should see '{name}'");
            (await page.Locator(".connection-card input:not([disabled])").CountAsync()).ShouldBeGreaterThan(0);
            (await page.Locator(".readonly-fields").CountAsync()).ShouldBe(0);
            return;
        }
        foreach (var name in IntegrationControls)
            (await Buttons(page, name).CountAsync()).ShouldBe(0, $"{role} should not see '{name}'");
        (await page.Locator(".webhooks-panel").CountAsync()).ShouldBe(0);
        (await page.Locator(".sync-panel select.cadence").CountAsync()).ShouldBe(0);
        // Facts, not a disabled form: no input box, switch or select anywhere on the page's cards.
        (await page.Locator(".connection-card input, .connection-card select, .connection-card textarea, .posting-settings input").CountAsync()).ShouldBe(0);
        (await page.Locator(".connection-card .readonly-fields").CountAsync()).ShouldBe(2);
        (await page.Locator(".connection-card[data-system=Ramp] .readonly-fields").InnerTextAsync()).ShouldContain("Set");
        (await page.Locator(".posting-settings .readonly-fields").InnerTextAsync()).ShouldContain("CardSpend");
        (await page.Locator(".role-note").InnerTextAsync()).ShouldContain($"You are this workspace's {role}");
        if (role == WorkspaceRole.Viewer) await BrowserFixture.ScreenshotAsync(page.Locator(".app-body"), "36-viewer-integration");
    }

    private static async Task MappingsPageAsync(IPage page, RoleWorkspace workspace, WorkspaceRole role)
    {
        await OpenAsync(page, $"{workspace.IntegrationPath}/mappings");
        var row = page.Locator(".mapping-grid tr").Filter(new() { HasText = "Quantum flux capacitors" });
        await row.WaitForAsync();
        (await page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).CountAsync()).ShouldBeGreaterThan(0, "every role exports");
        var edits = role is WorkspaceRole.Owner or WorkspaceRole.Admin or WorkspaceRole.Finance;
        foreach (var name in MappingControls)
            (await Buttons(page, name).CountAsync() > 0).ShouldBe(edits, $"{role} and '{name}'");
        (await page.Locator(".import-file").CountAsync() > 0).ShouldBe(edits, $"{role} and Import CSV");
        (await row.GetByRole(AriaRole.Button, new() { Name = "Change" }).CountAsync() > 0).ShouldBe(edits, $"{role} and a row's Change");
        (await page.GetByText("your role cannot change them").CountAsync() > 0).ShouldBe(!edits, $"{role} and the read-only note");
        if (role == WorkspaceRole.Viewer) await BrowserFixture.ScreenshotAsync(page.Locator(".app-body"), "36-viewer-mappings");
    }

    private static async Task MembersPageAsync(IPage page, RoleWorkspace workspace, WorkspaceRole role)
    {
        await OpenAsync(page, $"w/{workspace.WorkspaceId}/members");
        await page.Locator(".members-grid").GetByText(workspace[WorkspaceRole.Viewer].Email).WaitForAsync();
        var manages = role is WorkspaceRole.Owner or WorkspaceRole.Admin;
        (await page.GetByRole(AriaRole.Heading, new() { Name = "Add a member" }).CountAsync() > 0).ShouldBe(manages, role.ToString());
        (await page.Locator(".members-grid").GetByRole(AriaRole.Button, new() { NameRegex = new("^Remove ") }).CountAsync()).ShouldBe(manages ? RoleWorkspace.Roles.Count : 0, role.ToString());
        (await page.Locator(".members-grid .rz-dropdown").CountAsync()).ShouldBe(manages ? RoleWorkspace.Roles.Count : 0, role.ToString());
        if (role != WorkspaceRole.Owner) return;

        // The only Owner cannot step down: the page says why and the role stays.
        var self = page.Locator(".members-grid tr").Filter(new() { HasText = workspace[WorkspaceRole.Owner].Email });
        await self.Locator(".rz-dropdown").ClickAsync();
        await page.Locator(".rz-dropdown-item:visible").Filter(new() { HasText = "Admin" }).ClickAsync();
        await page.GetByRole(AriaRole.Alert).Filter(new() { HasText = WorkspaceMembers.LastOwner }).WaitForAsync();
        (await self.Locator(".rz-dropdown").InnerTextAsync()).ShouldContain("Owner");
        await BrowserFixture.ScreenshotAsync(page.Locator(".app-body"), "36-owner-members");
    }

    private static ILocator Buttons(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await BrowserFixture.WaitForCircuitAsync(page);
    }
}
