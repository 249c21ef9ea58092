using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Integrations;

public enum IntegrationStatus { Draft, Active, Paused }

/// <summary>Who paused an integration: the owner is alerted only when it paused itself.</summary>
public enum PauseOrigin { Engine, Person }

/// <summary>One pair of systems a workspace connects (e.g. its Ramp and its Dynamics 365), with one connection per side.</summary>
public sealed class Integration : IWorkspaceOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public IntegrationKind Kind { get; set; }
    public required string Name { get; set; }
    public IntegrationStatus Status { get; set; }

    /// <summary>Why the integration paused itself or was paused (shown to the owner).</summary>
    public string? PausedReason { get; set; }

    /// <summary>
    /// <see cref="PauseOrigin.Person"/> when someone pressed Pause; otherwise (null) the engine paused it itself on a credential
    /// or settings failure: switching on clears it, and the engine pauses only active integrations.
    /// </summary>
    public PauseOrigin? PausedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>How often the source's ready queues are polled (the customer's cadence; also the backfill for missed webhooks).</summary>
    public int PollEveryMinutes { get; set; } = 15;

    public DateTimeOffset? LastPolledAt { get; set; }

    /// <summary>The flows' settings for this kind of integration as JSON (e.g. <c>RampD365Settings</c>); null means the defaults.</summary>
    public string? SettingsJson { get; set; }
}
