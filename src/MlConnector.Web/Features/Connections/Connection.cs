using MlConnector.Web.Data;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Connections;

/// <summary>
/// One system's credentials for an integration. <see cref="SettingsJson"/> holds what is not secret (hosts,
/// ids, folders, the pinned host key) in clear; <see cref="SecretsCiphertext"/> holds the secrets, encrypted
/// with the workspace's own Data Protection purpose. Secrets never leave the server in clear.
/// </summary>
public sealed class Connection : IWorkspaceOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public ExternalSystem System { get; set; }
    public string SettingsJson { get; set; } = "{}";
    public string? SecretsCiphertext { get; set; }

    /// <summary>Bumped whenever a secret is replaced, so history and cached tokens can tell versions apart.</summary>
    public int SecretsVersion { get; set; }

    /// <summary>A long-lived access token (Ramp's last ten days), encrypted like the secrets; refreshed by a daily job.</summary>
    public string? TokenCiphertext { get; set; }

    public DateTimeOffset? TokenExpiresAt { get; set; }

    public DateTimeOffset? LastPingAt { get; set; }
    public bool? LastPingOk { get; set; }
    public string? LastPingJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An entry of a connection's history: who changed what, when. Never the secret values themselves.</summary>
public sealed class ConnectionChange : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ConnectionId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserId { get; set; }
    public required string Description { get; set; }
    public int SecretsVersion { get; set; }
}
