using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Roles;

/// <summary>
/// The minimal-API endpoints under a workspace, as each role: the mapping CSV download (every member reads mappings), and the
/// gate those endpoints share (<see cref="WorkspaceEndpoints"/>): 404 outside the workspace, 403 for a role without the permission.
/// </summary>
public sealed class EndpointRoleTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task MappingCsv_EveryMemberDownloadsIt_AnOutsiderGets404_AnonymousIsSentToSignIn()
    {
        var workspace = await RoleWorkspace.CreateAsync(portal.Host, company: "Csv Roles");
        var path = $"{workspace.IntegrationPath}/mappings/GlAccount.csv";
        foreach (var role in RoleWorkspace.Roles)
        {
            using var member = await workspace.SignedInClientAsync(role);
            var response = await member.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, role.ToString());
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            (await response.Content.ReadAsStringAsync()).ShouldStartWith("source_key,source_code,source_name,target_id,target_name");
        }

        using var outsider = portal.Host.CreateBrowserlikeClient();
        await SsrForms.RegisterWorkspaceAsync(outsider, SsrForms.Account(870), "Outsider Ltd");
        (await outsider.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var anonymous = portal.Host.CreateBrowserlikeClient();
        var signIn = await anonymous.GetAsync(path);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    [Fact]
    public async Task EndpointGate_AnswersEachRoleByThePermissionTable_And404OutsideTheWorkspace()
    {
        var workspace = await RoleWorkspace.CreateAsync(portal.Host, company: "Gate Roles");
        foreach (var role in RoleWorkspace.Roles)
            foreach (var permission in Enum.GetValues<Permission>())
            {
                var answer = await GateAsync(workspace.WorkspaceId, workspace[role].UserId, permission);
                if (RoleActionTests.Expected(role, permission)) answer.ShouldBeNull($"{role} / {permission}");
                else
                {
                    answer.ShouldBeAssignableTo<IStatusCodeHttpResult>()!.StatusCode.ShouldBe(StatusCodes.Status403Forbidden, $"{role} / {permission}");
                    answer.ShouldBeOfType<ContentHttpResult>().ResponseContent!.ShouldContain($"Your role ({role})");
                }
            }

        var outsider = await RoleWorkspace.CreateAccountAsync(portal.Host, SsrForms.Account(871), WorkspaceRole.Viewer);
        (await GateAsync(workspace.WorkspaceId, outsider.UserId, Permission.View)).ShouldBeOfType<NotFound>();
        (await GateAsync(Guid.NewGuid(), workspace[WorkspaceRole.Owner].UserId, Permission.View)).ShouldBeOfType<NotFound>();
    }

    /// <summary>The gate as a request to <c>/w/{workspaceId}/…</c> by <paramref name="userId"/> meets it.</summary>
    private async Task<IResult?> GateAsync(Guid workspaceId, string userId, Permission permission)
    {
        using var scope = portal.Host.Services.CreateScope();
        var http = new DefaultHttpContext
        {
            RequestServices = scope.ServiceProvider,
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test")),
        };
        http.Request.RouteValues["workspaceId"] = workspaceId.ToString();
        return await WorkspaceEndpoints.CheckAsync(http, permission);
    }
}
