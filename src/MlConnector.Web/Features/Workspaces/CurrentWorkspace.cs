namespace MlConnector.Web.Features.Workspaces;

/// <summary>
/// The workspace this request or circuit works in. Scoped; set only by <see cref="WorkspaceDirectory"/>
/// after it has checked the user's membership, and read by the database's tenancy filter.
/// </summary>
public sealed class CurrentWorkspace
{
    public Guid? Id { get; private set; }
    public WorkspaceRole? Role { get; private set; }

    internal void Enter(Guid workspaceId, WorkspaceRole role)
    {
        Id = workspaceId;
        Role = role;
    }
}
