using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Web.Features.Connections;

/// <summary>What a form may show: the settings, and which secrets are set — never their values.</summary>
public sealed record ConnectionView(
    Guid Id, ExternalSystem System, IReadOnlyDictionary<string, string> Settings, IReadOnlySet<string> SecretsSet, int SecretsVersion,
    DateTimeOffset? LastPingAt = null, bool? LastPingOk = null)
{
    /// <summary>Something was saved (a drop-folder connection in the sandbox has settings but no secret).</summary>
    public bool IsSaved => Settings.Count > 0 || SecretsSet.Count > 0;
}

/// <summary>Everything a connector needs to call the system, secrets included. Server-side only.</summary>
public sealed record ConnectionCredentials(Guid Id, ExternalSystem System, IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, string> Secrets);

/// <summary>Integrations and their connections in the current workspace; secrets in, never out to the browser.</summary>
public sealed class ConnectionStore(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, ConnectionSecrets secrets, TimeProvider clock)
{
    public static IReadOnlyList<ExternalSystem> SystemsOf(IntegrationKind kind) => kind switch
    {
        IntegrationKind.RampD365 => [ExternalSystem.Ramp, ExternalSystem.Dynamics365],
        IntegrationKind.RampVisma => [ExternalSystem.Ramp, ExternalSystem.VismaNet],
        IntegrationKind.StampliD365 => [ExternalSystem.StampliSftp, ExternalSystem.Dynamics365],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A new integration in Draft, with an empty connection for each of its two systems.</summary>
    public async Task<Integration> CreateIntegrationAsync(IntegrationKind kind, string name, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageIntegration, "set up an integration");
        var now = clock.GetUtcNow();
        var integration = new Integration { Id = Guid.CreateVersion7(now), Kind = kind, Name = name.Trim(), Status = IntegrationStatus.Draft, CreatedAt = now };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Integrations.Add(integration);
        foreach (var system in SystemsOf(kind))
            db.Connections.Add(new Connection { Id = Guid.CreateVersion7(now), IntegrationId = integration.Id, System = system, UpdatedAt = now });
        await db.SaveChangesAsync(ct);
        return integration;
    }

    public async Task<IReadOnlyList<Integration>> IntegrationsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Integrations.AsNoTracking().OrderBy(i => i.CreatedAt).ToListAsync(ct);
    }

    /// <summary>An integration of this workspace and views of its connections, or null (404).</summary>
    public async Task<(Integration Integration, IReadOnlyList<ConnectionView> Connections)?> IntegrationAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct);
        if (integration is null) return null;
        var ids = await db.Connections.Where(c => c.IntegrationId == integrationId).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var views = new List<ConnectionView>();
        foreach (var id in ids) views.Add((await ViewAsync(id, ct))!);
        return (integration, views.OrderBy(v => SystemsOf(integration.Kind).ToList().IndexOf(v.System)).ToList());
    }

    /// <summary>Keeps the outcome of the last ping, for the connection card and the onboarding checklist.</summary>
    public async Task RecordPingAsync(Guid connectionId, PingReport report, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleAsync(c => c.Id == connectionId, ct);
        connection.LastPingAt = clock.GetUtcNow();
        connection.LastPingOk = report.Ok;
        connection.LastPingJson = JsonSerializer.Serialize(report);
        await db.SaveChangesAsync(ct);
    }

    public async Task<ConnectionView?> ViewAsync(Guid connectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        return connection is null
            ? null
            : new ConnectionView(connection.Id, connection.System, Settings(connection),
                secrets.Unprotect(connection.WorkspaceId, connection.SecretsCiphertext).Where(s => s.Value.Length > 0).Select(s => s.Key).ToHashSet(),
                connection.SecretsVersion, connection.LastPingAt, connection.LastPingOk);
    }

    /// <summary>
    /// Saves settings, and replaces only the secrets in <paramref name="replacedSecrets"/> (a blank value
    /// keeps the one set before). Every change is written to the connection's history.
    /// </summary>
    public async Task SaveAsync(Guid connectionId, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string> replacedSecrets, string userId, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageIntegration, "change a connection's credentials");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw new KeyNotFoundException($"Connection {connectionId} is not in this workspace.");
        var now = clock.GetUtcNow();
        var oldSettings = Settings(connection);
        // The form owns its fields; anything else (e.g. the confirmed SFTP host key) is kept.
        var formKeys = ConnectionFields.For(connection.System).Select(f => f.Key).ToHashSet();
        var newSettings = oldSettings.Where(s => !formKeys.Contains(s.Key)).ToDictionary();
        foreach (var (key, value) in settings) newSettings[key] = value.Trim();
        // Another server must be confirmed again: never carry a confirmed host key over to a new host.
        if (newSettings.GetValueOrDefault("Host") != oldSettings.GetValueOrDefault("Host") || newSettings.GetValueOrDefault("Port") != oldSettings.GetValueOrDefault("Port"))
            newSettings.Remove(ConnectionPinger.PinnedHostKeySetting);
        var changedSettings = newSettings.Keys.Union(oldSettings.Keys)
            .Where(k => newSettings.GetValueOrDefault(k) != oldSettings.GetValueOrDefault(k)).Order().ToList();
        var replaced = replacedSecrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary();

        connection.SettingsJson = JsonSerializer.Serialize(newSettings);
        if (replaced.Count > 0)
        {
            var merged = secrets.Unprotect(connection.WorkspaceId, connection.SecretsCiphertext).ToDictionary();
            foreach (var (name, value) in replaced) merged[name] = value;
            connection.SecretsCiphertext = secrets.Protect(connection.WorkspaceId, merged);
            connection.SecretsVersion++;
        }
        // A stored token belongs to the credentials that obtained it.
        if (replaced.Count > 0 || changedSettings.Count > 0)
        {
            connection.TokenCiphertext = null;
            connection.TokenExpiresAt = null;
        }
        connection.UpdatedAt = now;
        if (changedSettings.Count > 0)
            db.ConnectionChanges.Add(Change(connection, now, userId, $"Settings changed: {string.Join(", ", changedSettings)}"));
        if (replaced.Count > 0)
            db.ConnectionChanges.Add(Change(connection, now, userId, $"Secret replaced: {string.Join(", ", replaced.Keys.Order())}"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The customer compared the fingerprint and trusts this server key from now on.</summary>
    public async Task ConfirmHostKeyAsync(Guid connectionId, HostKey key, string userId, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageIntegration, "trust a server's host key");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleAsync(c => c.Id == connectionId, ct);
        var settings = Settings(connection).ToDictionary();
        settings[ConnectionPinger.PinnedHostKeySetting] = key.Line;
        connection.SettingsJson = JsonSerializer.Serialize(settings);
        connection.UpdatedAt = clock.GetUtcNow();
        db.ConnectionChanges.Add(Change(connection, connection.UpdatedAt, userId, $"Host key confirmed: {key.Type} {key.Fingerprint}"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>For connectors only: never hand this to a component that renders it.</summary>
    public async Task<ConnectionCredentials?> CredentialsAsync(Guid connectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        return connection is null
            ? null
            : new ConnectionCredentials(connection.Id, connection.System, Settings(connection), secrets.Unprotect(connection.WorkspaceId, connection.SecretsCiphertext));
    }

    public async Task<IReadOnlyList<ConnectionChange>> HistoryAsync(Guid connectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConnectionChanges.AsNoTracking().Where(c => c.ConnectionId == connectionId).OrderBy(c => c.Id).ToListAsync(ct);
    }

    private ConnectionChange Change(Connection connection, DateTimeOffset at, string userId, string description) => new()
    {
        WorkspaceId = current.Id ?? connection.WorkspaceId, ConnectionId = connection.Id, At = at, UserId = userId,
        Description = description, SecretsVersion = connection.SecretsVersion,
    };

    private static IReadOnlyDictionary<string, string> Settings(Connection connection) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(connection.SettingsJson) ?? [];
}
