using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Integration;

/// <summary>One workspace never sees another's rows, by URL or by query.</summary>
public abstract class TenancyTests(PortalHost host)
{
    [Fact]
    public async Task WorkspaceUrl_OfAnotherTenantOrUnknown_Is404AndShowsNothingOfIt()
    {
        using var alice = host.CreateBrowserlikeClient();
        var aliceWorkspace = await SsrForms.RegisterWorkspaceAsync(alice, SsrForms.Account(10), "Acme Secret Holdings");
        using var bob = host.CreateBrowserlikeClient();
        await SsrForms.RegisterWorkspaceAsync(bob, SsrForms.Account(11), "Bob Trading");

        foreach (var path in new[] { $"w/{aliceWorkspace}", $"w/{aliceWorkspace}/members", $"w/{Guid.NewGuid()}" })
        {
            var response = await bob.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            var body = await response.Content.ReadAsStringAsync();
            body.ShouldNotContain("Acme Secret Holdings");
            body.ShouldContain("We could not find that page");
        }
        (await alice.GetAsync($"w/{aliceWorkspace}/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task QueryFilter_ShowsOnlyTheCurrentWorkspacesRows_AndNoneWithoutOne()
    {
        var aliceWorkspace = await NewWorkspaceAsync("Alice Ltd");
        var bobWorkspace = await NewWorkspaceAsync("Bob Ltd");

        await using (var db = host.OpenDb(bobWorkspace))
        {
            (await db.Workspaces.Select(w => w.Name).ToListAsync()).ShouldBe(["Bob Ltd"]);
            (await db.Memberships.Select(m => m.WorkspaceId).Distinct().ToListAsync()).ShouldBe([bobWorkspace]);
            (await db.Memberships.IgnoreQueryFilters().AnyAsync(m => m.WorkspaceId == aliceWorkspace)).ShouldBeTrue();
        }
        await using (var db = host.OpenDb())
        {
            (await db.Workspaces.CountAsync()).ShouldBe(0);
            (await db.Memberships.CountAsync()).ShouldBe(0);
        }
    }

    [Fact]
    public async Task SaveChanges_RowOfAnotherWorkspace_IsRefused()
    {
        var aliceWorkspace = await NewWorkspaceAsync("Alice Two");
        var bobWorkspace = await NewWorkspaceAsync("Bob Two");

        await using var db = host.OpenDb(bobWorkspace);
        var bobUser = await db.Memberships.Select(m => m.UserId).SingleAsync();
        db.Memberships.Add(new Membership { Id = Guid.NewGuid(), WorkspaceId = aliceWorkspace, UserId = bobUser, Role = WorkspaceRole.Owner });

        var error = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        error.Message.ShouldContain("another workspace");
    }

    [Fact]
    public async Task AddedMember_CanOpenBothWorkspaces_WithTheRoleGiven()
    {
        var bobEmail = SsrForms.Account(17);
        var aliceWorkspace = await NewWorkspaceAsync("Alice Three");
        using var bob = host.CreateBrowserlikeClient();
        var bobWorkspace = await SsrForms.RegisterWorkspaceAsync(bob, bobEmail, "Bob Three");

        using (var scope = host.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(aliceWorkspace, WorkspaceRole.Owner);
            (await scope.ServiceProvider.GetRequiredService<WorkspaceMembers>().AddAsync(bobEmail, WorkspaceRole.Finance)).ShouldBeNull();
        }

        var page = await bob.GetStringAsync($"w/{aliceWorkspace}");
        page.ShouldContain("Welcome to Alice Three");
        page.ShouldContain("<strong>Finance</strong>");
        using var bobScope = host.Services.CreateScope();
        var bobId = (await bobScope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(bobEmail))!.Id;
        var workspaces = await bobScope.ServiceProvider.GetRequiredService<WorkspaceDirectory>().ListForUserAsync(bobId);
        workspaces.Select(w => (w.Id, w.Role)).OrderBy(w => w.Id).ShouldBe(
            new[] { (aliceWorkspace, WorkspaceRole.Finance), (bobWorkspace, WorkspaceRole.Owner) }.OrderBy(w => w.Item1));
    }

    [Theory]
    [InlineData(WorkspaceRole.Finance)]
    [InlineData(WorkspaceRole.Viewer)]
    public async Task AddMember_ByARoleThatMayNotManage_IsRefused(WorkspaceRole role)
    {
        var aliceWorkspace = await NewWorkspaceAsync("Alice Four");
        var other = SsrForms.Account(19);
        await NewWorkspaceAsync("Other Four", other);

        using var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(aliceWorkspace, role);
        var refused = await Should.ThrowAsync<UnauthorizedAccessException>(() =>
            scope.ServiceProvider.GetRequiredService<WorkspaceMembers>().AddAsync(other, WorkspaceRole.Admin));

        refused.Message.ShouldBe($"Your role ({role}) cannot add members.");
        await using var db = host.OpenDb(aliceWorkspace);
        (await db.Memberships.CountAsync()).ShouldBe(1);
    }

    /// <summary>Signs a new user up with a workspace of their own, through the real sign-up form.</summary>
    private async Task<Guid> NewWorkspaceAsync(string company, string? email = null)
    {
        using var client = host.CreateBrowserlikeClient();
        return await SsrForms.RegisterWorkspaceAsync(client, email ?? SsrForms.Account(20), company);
    }
}

public sealed class TenancyTestsOnSqlite(SqlitePortal portal) : TenancyTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class TenancyTestsOnPostgres(PostgresPortal portal) : TenancyTests(portal.Host), IClassFixture<PostgresPortal>;
