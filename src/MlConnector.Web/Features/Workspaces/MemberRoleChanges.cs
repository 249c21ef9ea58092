using System.Collections.Concurrent;

namespace MlConnector.Web.Features.Workspaces;

/// <summary>
/// Role changes and removals made on this node, the newest per member. A Blazor circuit keeps the
/// <see cref="CurrentWorkspace"/> it entered with, so without this a demoted or removed member's open page would act
/// with the old role until they navigated. Another node's changes reach a member here on their next page load (the
/// cross-node relay of live events is not built yet).
/// </summary>
public sealed class MemberRoleChanges
{
    private readonly ConcurrentDictionary<(Guid Workspace, string User), (long Sequence, WorkspaceRole? Role)> latest = new();
    private long sequence;

    /// <summary>The sequence number of the newest change; a workspace entered now has seen every change up to it.</summary>
    public long Now => Interlocked.Read(ref sequence);

    /// <param name="role">The member's new role, or null when they were removed.</param>
    public void Changed(Guid workspaceId, string userId, WorkspaceRole? role) =>
        latest[(workspaceId, userId)] = (Interlocked.Increment(ref sequence), role);

    /// <summary>The member's role if it changed after <paramref name="since"/> (null inside means removed).</summary>
    public bool ChangedSince(Guid workspaceId, string userId, long since, out WorkspaceRole? role)
    {
        var found = latest.TryGetValue((workspaceId, userId), out var change) && change.Sequence > since;
        role = found ? change.Role : null;
        return found;
    }
}
