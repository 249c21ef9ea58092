using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Roles;

/// <summary>
/// Each action tried as each role, through the services the pages call: an allowed role's attempt does its work, a
/// forbidden one is refused with <see cref="UnauthorizedAccessException"/> and changes nothing.
/// </summary>
public abstract class RoleActionTests(RoleSceneFixture fixture)
{
    /// <summary>
    /// The issue's rule, written out here rather than read from <see cref="WorkspacePermissions"/>, so a wrong table fails:
    /// Owner/Admin everything; Finance mappings and the exception inbox; Support the explorer and replay; Viewer read-only.
    /// </summary>
    public static bool Expected(WorkspaceRole role, Permission permission) => role switch
    {
        WorkspaceRole.Owner or WorkspaceRole.Admin => true,
        WorkspaceRole.Finance => permission is Permission.View or Permission.EditMappings or Permission.FixExceptions,
        WorkspaceRole.Support => permission is Permission.View or Permission.ExploreRecords or Permission.Replay,
        _ => permission is Permission.View,
    };

    protected async Task TryAsync(string actionName, WorkspaceRole role)
    {
        var action = RoleActions.Named(actionName);
        var scene = fixture.Scene;
        if (action.Arrange is { } arrange) await arrange(scene);
        using var member = await scene.Workspace.EnterAsAsync(role);

        if (Expected(role, action.Needs))
        {
            await action.Act(scene, member);
            return;
        }
        var before = await fixture.FingerprintAsync();
        var refused = await Should.ThrowAsync<UnauthorizedAccessException>(() => action.Act(scene, member));
        refused.Message.ShouldStartWith($"Your role ({role}) cannot ");
        (await fixture.FingerprintAsync()).ShouldBe(before, $"{role} was refused '{actionName}' yet something changed");
    }
}

public sealed class RoleActionTestsOnSqlite(SqliteRoleScene fixture) : RoleActionTests(fixture), IClassFixture<SqliteRoleScene>
{
    public static TheoryData<string, WorkspaceRole> Matrix => RoleActions.Matrix(RoleActions.All);

    [Theory]
    [MemberData(nameof(Matrix))]
    public Task Action_TriedAsEachRole_RunsOnlyWithItsPermission(string action, WorkspaceRole role) => TryAsync(action, role);
}

/// <summary>The actions whose checks or writes touch the database differently on PostgreSQL (transactions, serializable members).</summary>
public sealed class RoleActionTestsOnPostgres(PostgresRoleScene fixture) : RoleActionTests(fixture), IClassFixture<PostgresRoleScene>
{
    public static TheoryData<string, WorkspaceRole> Matrix => RoleActions.Matrix(RoleActions.All.Where(a => a.Name is
        "Save a mapping (Change / Accept)" or "Import mappings from CSV" or "Replay a record" or "Switch the sync on (then pause it again)"
        or "Save posting settings" or "Change a member's role" or "Remove a member"));

    [Theory]
    [MemberData(nameof(Matrix))]
    public Task Action_TriedAsEachRole_RunsOnlyWithItsPermission(string action, WorkspaceRole role) => TryAsync(action, role);
}

public sealed class WorkspacePermissionsTests
{
    [Fact]
    public void Table_MatchesTheIssuesRule_ForEveryRoleAndPermission()
    {
        foreach (var role in RoleWorkspace.Roles)
            foreach (var permission in Enum.GetValues<Permission>())
                WorkspacePermissions.Allows(role, permission).ShouldBe(RoleActionTests.Expected(role, permission), $"{role} / {permission}");
        Enum.GetValues<Permission>().ShouldAllBe(p => !WorkspacePermissions.Allows(null, p), "no membership, no permission");
    }
}
