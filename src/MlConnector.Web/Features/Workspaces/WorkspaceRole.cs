namespace MlConnector.Web.Features.Workspaces;

/// <summary>
/// What a member may do in one workspace. Owner and Admin: everything; Finance: mappings and the
/// exception inbox; Support: record explorer and replay; Viewer: read-only.
/// </summary>
public enum WorkspaceRole
{
    Owner,
    Admin,
    Finance,
    Support,
    Viewer,
}
