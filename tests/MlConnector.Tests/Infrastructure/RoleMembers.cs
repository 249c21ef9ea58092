using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Infrastructure;

/// <summary>One member of a <see cref="RoleWorkspace"/>: an account that signs in with <see cref="Password"/>.</summary>
public sealed record RoleMember(WorkspaceRole Role, string Email, string Password, string UserId);

/// <summary>
/// A workspace with an integration on the built-in sandbox's credentials and one member per role (Owner, Admin, Finance,
/// Support, Viewer), each with an account and a password. The Owner signs up through the real form; the others get an
/// account and are added by the Owner through <see cref="WorkspaceMembers.AddAsync"/> (which needs an existing account).
/// Each member's only workspace is this one, so signing in lands on it.
/// </summary>
public sealed class RoleWorkspace
{
    public static readonly IReadOnlyList<WorkspaceRole> Roles = Enum.GetValues<WorkspaceRole>();

    private readonly Dictionary<WorkspaceRole, RoleMember> members;

    private RoleWorkspace(PortalHost host, Guid workspaceId, Guid integrationId, Dictionary<WorkspaceRole, RoleMember> members) =>
        (Host, WorkspaceId, IntegrationId, this.members) = (host, workspaceId, integrationId, members);

    public PortalHost Host { get; }
    public Guid WorkspaceId { get; }
    public Guid IntegrationId { get; }
    public IReadOnlyDictionary<WorkspaceRole, RoleMember> Members => members;
    public RoleMember this[WorkspaceRole role] => members[role];

    public string IntegrationPath => $"w/{WorkspaceId}/integrations/{IntegrationId}";

    /// <param name="kind">The integration; its systems get the sandbox's credentials (and Ramp → D365 the sandbox's posting settings).</param>
    public static async Task<RoleWorkspace> CreateAsync(PortalHost host, IntegrationKind kind = IntegrationKind.RampD365, string company = "Roles & Co")
    {
        var ownerEmail = SsrForms.Account(800);
        Guid workspaceId;
        using (var client = host.CreateBrowserlikeClient())
            workspaceId = await SsrForms.RegisterWorkspaceAsync(client, ownerEmail, company);
        Guid integrationId;
        using (var owner = TestIntegration.Enter(host, workspaceId, Guid.Empty))
            integrationId = (await owner.Get<ConnectionStore>().CreateIntegrationAsync(kind, $"{company} {kind}")).Id;

        var all = new Dictionary<WorkspaceRole, RoleMember>();
        using (var owner = TestIntegration.Enter(host, workspaceId, integrationId))
        {
            foreach (var system in ConnectionStore.SystemsOf(kind).Where(s => SandboxCredentials.For(s, owner.Get<ISandboxEndpoint>()) is not null))
                await owner.SaveSandboxCredentialsAsync(system);
            if (kind == IntegrationKind.RampD365)
                (await owner.Get<RampD365SettingsStore>().SaveAsync(integrationId, RampD365Settings.Sandbox)).ShouldBeEmpty();

            var users = owner.Get<UserManager<AppUser>>();
            all[WorkspaceRole.Owner] = new(WorkspaceRole.Owner, ownerEmail, SsrForms.GoodPassword, (await users.FindByEmailAsync(ownerEmail))!.Id);
            foreach (var role in Roles.Where(r => r != WorkspaceRole.Owner))
            {
                var member = await CreateAccountAsync(host, SsrForms.Account(810 + (int)role), role);
                (await owner.Get<WorkspaceMembers>().AddAsync(member.Email, role)).ShouldBeNull();
                all[role] = member;
            }
        }
        return new RoleWorkspace(host, workspaceId, integrationId, all);
    }

    /// <summary>An account with <see cref="SsrForms.GoodPassword"/> and no workspace of its own (add it to one next).</summary>
    public static async Task<RoleMember> CreateAccountAsync(PortalHost host, string email, WorkspaceRole role)
    {
        using var scope = host.Services.CreateScope();
        var user = new AppUser { UserName = email, Email = email, CreatedAt = DateTimeOffset.UtcNow };
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, SsrForms.GoodPassword);
        created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));
        return new RoleMember(role, email, SsrForms.GoodPassword, user.Id);
    }

    /// <summary>
    /// A scope acting as the member of <paramref name="role"/>: it enters the workspace through <see cref="WorkspaceDirectory"/>
    /// with the member's user id, as every page does, so the role is the one stored now (a changed role shows).
    /// </summary>
    public async Task<TestIntegration> EnterAsAsync(WorkspaceRole role) => await EnterAsAsync(members[role]);

    public async Task<TestIntegration> EnterAsAsync(RoleMember member)
    {
        var scope = Host.Services.CreateScope();
        var entered = await scope.ServiceProvider.GetRequiredService<WorkspaceDirectory>().EnterAsync(member.UserId, WorkspaceId);
        entered.ShouldNotBeNull($"{member.Email} is no longer a member");
        return new TestIntegration(scope, WorkspaceId, IntegrationId);
    }

    /// <summary>A browser-like HTTP client signed in as the member of <paramref name="role"/> through the login form.</summary>
    public async Task<HttpClient> SignedInClientAsync(WorkspaceRole role)
    {
        var client = Host.CreateBrowserlikeClient();
        var response = await SsrForms.SignInAsync(client, members[role].Email, members[role].Password);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, $"signing in as {role}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }
}

/// <summary>Signing in a browser page as a member, the way a person does it on the login page.</summary>
public static class RoleSignIn
{
    /// <summary>Signs in as <paramref name="member"/> and waits for their workspace's home page (its only workspace) with the circuit up.</summary>
    public static async Task SignInAsync(IPage page, RoleMember member)
    {
        await page.GotoAsync("account/login");
        await page.GetByLabel("Email").FillAsync(member.Email);
        await page.GetByLabel("Password").FillAsync(member.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/w/[0-9a-f-]{36}$"));
        await BrowserFixture.WaitForCircuitAsync(page);
    }

    /// <summary>A fresh browser context (its own cookies) signed in as the member of <paramref name="role"/>.</summary>
    public static async Task<IPage> NewPageAsAsync(this BrowserFixture browser, RoleWorkspace workspace, WorkspaceRole role)
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, workspace[role]);
        return page;
    }
}
