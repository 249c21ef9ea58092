using System.Net;
using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Roles;

/// <summary>
/// Changing and removing members: only an Owner touches an Owner, the last Owner stays, and a changed role applies to
/// the member's next page load (each page reads the membership as it enters the workspace).
/// </summary>
public abstract class MemberRoleTests(PortalHost host)
{
    [Fact]
    public async Task Admin_CannotDemoteOrRemoveTheLastOwner_NorMakeAnOwner()
    {
        var workspace = await RoleWorkspace.CreateAsync(host);
        using var admin = await workspace.EnterAsAsync(WorkspaceRole.Admin);
        var members = admin.Get<WorkspaceMembers>();
        var owner = await MemberIdAsync(workspace, WorkspaceRole.Owner);

        (await members.ChangeRoleAsync(owner, WorkspaceRole.Admin)).ShouldBe("Only an Owner can change or remove an Owner.");
        (await members.RemoveAsync(owner)).ShouldBe("Only an Owner can change or remove an Owner.");
        (await members.ChangeRoleAsync(await MemberIdAsync(workspace, WorkspaceRole.Viewer), WorkspaceRole.Owner)).ShouldBe("Only an Owner can make someone an Owner.");

        (await RolesAsync(workspace)).ShouldBe(Everyone);
    }

    [Fact]
    public async Task Owner_CannotDemoteOrRemoveThemselves_WhileTheOnlyOwner_ButCanOnceThereIsAnother()
    {
        var workspace = await RoleWorkspace.CreateAsync(host);
        using var owner = await workspace.EnterAsAsync(WorkspaceRole.Owner);
        var members = owner.Get<WorkspaceMembers>();
        var self = await MemberIdAsync(workspace, WorkspaceRole.Owner);

        (await members.ChangeRoleAsync(self, WorkspaceRole.Admin)).ShouldBe(WorkspaceMembers.LastOwner);
        (await members.RemoveAsync(self)).ShouldBe(WorkspaceMembers.LastOwner);
        (await RolesAsync(workspace)).ShouldBe(Everyone);

        var admin = await MemberIdAsync(workspace, WorkspaceRole.Admin);
        (await members.ChangeRoleAsync(admin, WorkspaceRole.Owner)).ShouldBeNull();
        (await members.ChangeRoleAsync(self, WorkspaceRole.Finance)).ShouldBeNull();

        // The promoted Admin is now the only Owner, and the same rule holds for them.
        using var newOwner = await workspace.EnterAsAsync(workspace[WorkspaceRole.Admin]);
        (await newOwner.Get<WorkspaceMembers>().RemoveAsync(admin)).ShouldBe(WorkspaceMembers.LastOwner);
        await using var db = host.OpenDb(workspace.WorkspaceId);
        (await db.Memberships.CountAsync(m => m.Role == WorkspaceRole.Owner)).ShouldBe(1);
    }

    [Fact]
    public async Task ChangedRole_AppliesOnTheMembersNextPageLoad_AndRemovalShutsThemOut()
    {
        var workspace = await RoleWorkspace.CreateAsync(host);
        using var finance = await workspace.SignedInClientAsync(WorkspaceRole.Finance);
        var mappings = $"{workspace.IntegrationPath}/mappings";
        (await finance.GetStringAsync($"w/{workspace.WorkspaceId}")).ShouldContain("<strong>Finance</strong>");
        (await finance.GetStringAsync(mappings)).ShouldNotContain("your role cannot change them");

        using (var owner = await workspace.EnterAsAsync(WorkspaceRole.Owner))
            (await owner.Get<WorkspaceMembers>().ChangeRoleAsync(await MemberIdAsync(workspace, WorkspaceRole.Finance), WorkspaceRole.Viewer)).ShouldBeNull();

        (await finance.GetStringAsync($"w/{workspace.WorkspaceId}")).ShouldContain("<strong>Viewer</strong>");
        (await finance.GetStringAsync(mappings)).ShouldContain("your role cannot change them");
        using (var demoted = await workspace.EnterAsAsync(workspace[WorkspaceRole.Finance]))
            await Should.ThrowAsync<UnauthorizedAccessException>(() =>
                demoted.Get<MlConnector.Web.Features.Mappings.MappingRefresh>().RefreshAsync(workspace.IntegrationId));

        using (var owner = await workspace.EnterAsAsync(WorkspaceRole.Owner))
            (await owner.Get<WorkspaceMembers>().RemoveAsync(await MemberIdAsync(workspace, WorkspaceRole.Finance))).ShouldBeNull();
        var gone = await finance.GetAsync($"w/{workspace.WorkspaceId}");
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await gone.Content.ReadAsStringAsync()).ShouldNotContain("Roles &amp; Co");
    }

    [Fact]
    public async Task AnOpenPage_ActsWithTheRoleTheMemberHasNow_NotTheOneItOpenedWith()
    {
        var workspace = await RoleWorkspace.CreateAsync(host);
        // The admin's circuit entered the workspace as Admin and stays open (one scope = one circuit).
        using var admin = await workspace.EnterAsAsync(WorkspaceRole.Admin);
        var current = admin.Get<CurrentWorkspace>();
        current.Role.ShouldBe(WorkspaceRole.Admin);

        using (var owner = await workspace.EnterAsAsync(WorkspaceRole.Owner))
            (await owner.Get<WorkspaceMembers>().ChangeRoleAsync(await MemberIdAsync(workspace, WorkspaceRole.Admin), WorkspaceRole.Viewer)).ShouldBeNull();

        current.Role.ShouldBe(WorkspaceRole.Viewer);
        (await Should.ThrowAsync<UnauthorizedAccessException>(() => admin.Get<WorkspaceMembers>().RemoveAsync(Guid.NewGuid())))
            .Message.ShouldBe("Your role (Viewer) cannot remove members.");

        using (var owner = await workspace.EnterAsAsync(WorkspaceRole.Owner))
            (await owner.Get<WorkspaceMembers>().RemoveAsync(await MemberIdAsync(workspace, WorkspaceRole.Admin))).ShouldBeNull();
        current.Role.ShouldBeNull();
        current.Can(Permission.View).ShouldBeFalse();
        // Another member's open page keeps its own role.
        using var finance = await workspace.EnterAsAsync(WorkspaceRole.Finance);
        finance.Get<CurrentWorkspace>().Role.ShouldBe(WorkspaceRole.Finance);
    }

    private static readonly (string, WorkspaceRole)[] Everyone =
        RoleWorkspace.Roles.Select(r => (r.ToString(), r)).ToArray();

    /// <summary>Each member's role, keyed by the role they were created with.</summary>
    private async Task<(string, WorkspaceRole)[]> RolesAsync(RoleWorkspace workspace)
    {
        await using var db = host.OpenDb(workspace.WorkspaceId);
        var byUser = await db.Memberships.ToDictionaryAsync(m => m.UserId, m => m.Role);
        return workspace.Members.Values.OrderBy(m => m.Role).Select(m => (m.Role.ToString(), byUser[m.UserId])).ToArray();
    }

    private async Task<Guid> MemberIdAsync(RoleWorkspace workspace, WorkspaceRole createdAs)
    {
        await using var db = host.OpenDb(workspace.WorkspaceId);
        var userId = workspace[createdAs].UserId;
        return await db.Memberships.Where(m => m.UserId == userId).Select(m => m.Id).SingleAsync();
    }
}

public sealed class MemberRoleTestsOnSqlite(SqlitePortal portal) : MemberRoleTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class MemberRoleTestsOnPostgres(PostgresPortal portal) : MemberRoleTests(portal.Host), IClassFixture<PostgresPortal>;
