namespace MlConnector.Web.Features.Workspaces;

/// <summary>What a page or action needs. Pages and services ask <see cref="WorkspacePermissions.Allows"/>, never a role list of their own.</summary>
public enum Permission
{
    /// <summary>Dashboards, sync status, mapping grids read-only.</summary>
    View,

    /// <summary>Connections, posting settings, webhooks, switching a sync on or off, "Sync now".</summary>
    ManageIntegration,

    /// <summary>Edit mapping grids.</summary>
    EditMappings,

    /// <summary>The finance exception inbox: see blocked/actionable records and fix their cause.</summary>
    FixExceptions,

    /// <summary>Record explorer: payloads, attempts and the target's answers.</summary>
    ExploreRecords,

    /// <summary>Replay failed records.</summary>
    Replay,

    /// <summary>Members, roles and notification settings.</summary>
    ManageWorkspace,
}

/// <summary>
/// The one table of who may do what (issue 8): Owner and Admin everything; Finance mappings and the exception inbox;
/// Support the record explorer and replay; Viewer read-only.
/// </summary>
public static class WorkspacePermissions
{
    public static bool Allows(WorkspaceRole? role, Permission permission) => role switch
    {
        WorkspaceRole.Owner or WorkspaceRole.Admin => true,
        WorkspaceRole.Finance => permission is Permission.View or Permission.EditMappings or Permission.FixExceptions,
        WorkspaceRole.Support => permission is Permission.View or Permission.ExploreRecords or Permission.Replay,
        WorkspaceRole.Viewer => permission is Permission.View,
        _ => false,
    };

    public static bool Can(this CurrentWorkspace current, Permission permission) => Allows(current.Role, permission);

    /// <summary>
    /// The service-side gate, first thing in every action: hiding a button is not enforcement. Throws when the current
    /// member's role does not allow <paramref name="permission"/>; <paramref name="what"/> finishes "Your role (Viewer) cannot …".
    /// </summary>
    public static void Demand(this CurrentWorkspace current, Permission permission, string what)
    {
        if (!current.Can(permission))
            throw new UnauthorizedAccessException($"Your role ({current.Role?.ToString() ?? "none"}) cannot {what}.");
    }
}
