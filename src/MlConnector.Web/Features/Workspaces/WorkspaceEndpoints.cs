using System.Security.Claims;

namespace MlConnector.Web.Features.Workspaces;

/// <summary>
/// The gate of minimal-API endpoints under <c>/w/{workspaceId}</c>: what <see cref="WorkspacePage"/> and the services'
/// <see cref="WorkspacePermissions.Demand"/> are for pages. 404 for a workspace the user is not a member of (as pages
/// answer), 403 with the reason for a member whose role lacks the permission.
/// </summary>
public static class WorkspaceEndpoints
{
    public static TBuilder RequireWorkspacePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization();
        builder.AddEndpointFilter(async (context, next) => await CheckAsync(context.HttpContext, permission) ?? await next(context));
        return builder;
    }

    /// <summary>Enters the route's workspace for the signed-in user; null when the request may go on, else the answer to give.</summary>
    internal static async Task<IResult?> CheckAsync(HttpContext http, Permission permission)
    {
        if (!Guid.TryParse(http.Request.RouteValues["workspaceId"]?.ToString(), out var workspaceId)) return Results.NotFound();
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var directory = http.RequestServices.GetRequiredService<WorkspaceDirectory>();
        if (await directory.EnterAsync(userId, workspaceId, http.RequestAborted) is not { } workspace) return Results.NotFound();
        return WorkspacePermissions.Allows(workspace.Role, permission)
            ? null
            : Results.Text($"Your role ({workspace.Role}) in this workspace does not allow this ({permission}).", statusCode: StatusCodes.Status403Forbidden);
    }
}
