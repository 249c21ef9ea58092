using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>
/// An integration's subscription at a provider (one per provider): the provider's id for it, where it delivers, which
/// events, and the signing secret, encrypted with the workspace's own Data Protection purpose. Its own row rather than
/// a value in the Ramp connection's secrets: it is created and removed on its own, Ramp shows the secret only once, and
/// re-saving the connection's credentials must not wipe it.
/// </summary>
public sealed class WebhookSubscription : IWorkspaceOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public required string Provider { get; set; }

    /// <summary>The provider's id of the subscription (Ramp's webhook id), used to verify and delete it.</summary>
    public required string ExternalId { get; set; }

    public required string EndpointUrl { get; set; }

    /// <summary>Space-separated event types subscribed to.</summary>
    public required string EventTypes { get; set; }

    public required string SecretCiphertext { get; set; }

    /// <summary>As the provider last told us: <c>pending_verification</c>, <c>active</c> or <c>inactive</c>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public required string CreatedBy { get; set; }
}
