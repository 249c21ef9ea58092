using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Workspaces;

/// <summary>A user's seat in a workspace, with the role that decides what they may do there.</summary>
public sealed class Membership : IWorkspaceOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string UserId { get; set; }
    public WorkspaceRole Role { get; set; }
    public DateTimeOffset JoinedAt { get; set; }

    public Workspace? Workspace { get; set; }
    public AppUser? User { get; set; }
}
