using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Notifications;

public enum NotificationChannel { None, Email, Webhook }

/// <summary>
/// How a workspace is told that something needs a person (one row per workspace; none means the defaults: no messages,
/// the banner only). The SMTP server is the operator's (<see cref="NotificationOptions"/>); the recipients are the workspace's.
/// </summary>
public sealed class NotificationSettings : IWorkspaceOwned
{
    public const int DefaultFailureThreshold = 10;

    public Guid WorkspaceId { get; set; }
    public NotificationChannel Channel { get; set; }

    /// <summary>Recipients, comma separated.</summary>
    public string? EmailTo { get; set; }

    public string? WebhookUrl { get; set; }

    /// <summary>The shared secret that signs webhook bodies (HMAC-SHA256), encrypted under the workspace's purpose; null: unsigned.</summary>
    public string? WebhookSecretCiphertext { get; set; }

    /// <summary>More Failed records than this within the last hour is an alarm.</summary>
    public int FailureThreshold { get; set; } = DefaultFailureThreshold;

    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

public enum EpisodeKind { Paused, Failures }

/// <summary>
/// One stretch of trouble of one integration (it paused itself; failures crossed the threshold), from when the sweep
/// first saw it until it was over. One notification per episode: <see cref="SentAt"/> remembers it went out.
/// </summary>
public sealed class NotificationEpisode : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public EpisodeKind Kind { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>What the notification said (the pause reason, or the failure count).</summary>
    public required string Summary { get; set; }

    public DateTimeOffset? SentAt { get; set; }
    public NotificationChannel? SentVia { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
