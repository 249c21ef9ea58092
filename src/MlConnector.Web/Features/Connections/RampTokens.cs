using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.Connections;

/// <summary>
/// Ramp's client-credentials token lasts ten days and cannot be refreshed, only replaced. We keep it
/// encrypted on the connection and replace it daily (<see cref="RampTokenRefreshJob"/>), so a call never
/// waits for, or fails on, an expiring token.
/// </summary>
public sealed partial class RampTokens(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RampTokens> log)
{
    /// <summary>A stored token is used only while it has at least this long to live.</summary>
    public static readonly TimeSpan MinimumRemaining = TimeSpan.FromDays(1);

    /// <summary>The connection's token: the stored one while it is fresh enough, else a new one (stored).</summary>
    public async Task<ConnectorResult<RampToken>> GetAsync(Guid workspaceId, Guid connectionId, CancellationToken ct)
    {
        await using var scope = Enter(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = await db.Connections.SingleAsync(c => c.Id == connectionId, ct);
        var secrets = scope.ServiceProvider.GetRequiredService<ConnectionSecrets>();
        if (connection is { TokenCiphertext: { } stored, TokenExpiresAt: { } expires } && expires - clock.GetUtcNow() >= MinimumRemaining)
            return ConnectorResult<RampToken>.Ok(new RampToken(secrets.Unprotect(workspaceId, stored)["AccessToken"], expires, RampClient.RequiredScopes));
        return await RenewAsync(scope, connection, ct);
    }

    /// <summary>Replaces the token of every Ramp connection with credentials, in every workspace. Returns how many succeeded.</summary>
    public async Task<int> RefreshAllAsync(CancellationToken ct)
    {
        List<(Guid Workspace, Guid Connection)> targets;
        await using (var system = scopes.CreateAsyncScope())
        {
            // A system job works across tenants: the one place besides the tenancy resolver that reads past the filter.
            targets = await system.ServiceProvider.GetRequiredService<AppDbContext>().Connections.IgnoreQueryFilters()
                .Where(c => c.System == ExternalSystem.Ramp && c.SecretsCiphertext != null)
                .Select(c => new ValueTuple<Guid, Guid>(c.WorkspaceId, c.Id)).ToListAsync(ct);
        }
        var renewed = 0;
        foreach (var (workspaceId, connectionId) in targets)
        {
            await using var scope = Enter(workspaceId);
            var connection = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Connections.SingleAsync(c => c.Id == connectionId, ct);
            var result = await RenewAsync(scope, connection, ct);
            if (result.IsOk) renewed++;
            else LogRenewFailed(connectionId, workspaceId, result.Failure!.Kind, result.Failure.Message);
        }
        return renewed;
    }

    private async Task<ConnectorResult<RampToken>> RenewAsync(AsyncServiceScope scope, Connection connection, CancellationToken ct)
    {
        var services = scope.ServiceProvider;
        var secrets = services.GetRequiredService<ConnectionSecrets>();
        var saved = new ConnectionCredentials(connection.Id, connection.System,
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(connection.SettingsJson) ?? [],
            secrets.Unprotect(connection.WorkspaceId, connection.SecretsCiphertext));
        if (saved.ToRamp(services.GetRequiredService<ISandboxEndpoint>()) is not { } credentials)
            return new ConnectorFailure(FailureKind.Configuration, "The Ramp environment of this connection cannot be reached from here.");
        var token = await services.GetRequiredService<RampClient>().GetTokenAsync(credentials, RampClient.RequiredScopes, ct);
        if (!token.IsOk) return token;

        connection.TokenCiphertext = secrets.Protect(connection.WorkspaceId, new Dictionary<string, string> { ["AccessToken"] = token.Value!.AccessToken });
        connection.TokenExpiresAt = token.Value.ExpiresAt;
        await services.GetRequiredService<AppDbContext>().SaveChangesAsync(ct);
        return token;
    }

    private AsyncServiceScope Enter(Guid workspaceId)
    {
        var scope = scopes.CreateAsyncScope();
        // Acting for the workspace as the system, with the rights its owner gave the integration.
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
        return scope;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ramp token of connection {ConnectionId} (workspace {WorkspaceId}) not renewed: {Kind} {Reason}")]
    private partial void LogRenewFailed(Guid connectionId, Guid workspaceId, FailureKind kind, string reason);
}
