using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace MlConnector.Web.Features.Workspaces;

/// <summary>
/// Base of every page under <c>/w/{WorkspaceId}</c>: enters the workspace named in the URL, or answers
/// 404 when it does not exist or the user is not a member (the same answer, so ids reveal nothing).
/// </summary>
public abstract class WorkspacePage : ComponentBase
{
    [Parameter] public Guid WorkspaceId { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [Inject] public required WorkspaceDirectory Directory { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected WorkspaceSummary? Workspace { get; private set; }
    protected string UserId { get; private set; } = "";

    /// <summary>Who the trail names for this member's actions: their sign-in name, else their user id.</summary>
    protected string Actor { get; private set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthenticationState).User;
        UserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        Actor = user.Identity?.Name ?? UserId;
        Workspace = await Directory.EnterAsync(UserId, WorkspaceId);
        if (Workspace is null)
        {
            Navigation.NotFound();
            return;
        }
        await OnWorkspaceEnteredAsync();
    }

    /// <summary>Load the page's data; the tenancy filter now scopes every query to this workspace.</summary>
    protected virtual Task OnWorkspaceEnteredAsync() => Task.CompletedTask;
}
