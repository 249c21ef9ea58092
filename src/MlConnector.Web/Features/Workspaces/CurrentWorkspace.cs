namespace MlConnector.Web.Features.Workspaces;

/// <summary>
/// The workspace this request or circuit works in. Scoped; set only by <see cref="WorkspaceDirectory"/>
/// after it has checked the user's membership, and read by the database's tenancy filter. A member's role follows
/// changes made on this node while their page is open (<see cref="MemberRoleChanges"/>), so permission checks use the
/// role they have now.
/// </summary>
public sealed class CurrentWorkspace(MemberRoleChanges? changes = null)
{
    private WorkspaceRole? entered;
    private string? member;
    private long enteredAt;

    public Guid? Id { get; private set; }

    public WorkspaceRole? Role =>
        Id is { } id && member is not null && changes is not null && changes.ChangedSince(id, member, enteredAt, out var now) ? now : entered;

    /// <summary>Taken before the member's role is read: a change made after it overrides what the read returned.</summary>
    internal long ChangesSeen() => changes?.Now ?? 0;

    /// <param name="userId">The member entering; null for the system (jobs, workers), whose role does not change.</param>
    /// <param name="seen"><see cref="ChangesSeen"/> from before <paramref name="role"/> was read.</param>
    internal void Enter(Guid workspaceId, WorkspaceRole role, string? userId = null, long? seen = null)
    {
        Id = workspaceId;
        entered = role;
        member = userId;
        enteredAt = seen ?? ChangesSeen();
    }
}
