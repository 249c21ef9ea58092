using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Connections;

/// <summary>What a form may show: the settings, and which secrets are set — never their values.</summary>
public sealed record ConnectionView(Guid Id, ExternalSystem System, IReadOnlyDictionary<string, string> Settings, IReadOnlySet<string> SecretsSet, int SecretsVersion);

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
        var now = clock.GetUtcNow();
        var integration = new Integration { Id = Guid.CreateVersion7(now), Kind = kind, Name = name.Trim(), Status = IntegrationStatus.Draft, CreatedAt = now };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Integrations.Add(integration);
        foreach (var system in SystemsOf(kind))
            db.Connections.Add(new Connection { Id = Guid.CreateVersion7(now), IntegrationId = integration.Id, System = system, UpdatedAt = now });
        await db.SaveChangesAsync(ct);
        return integration;
    }

    public async Task<ConnectionView?> ViewAsync(Guid connectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        return connection is null
            ? null
            : new ConnectionView(connection.Id, connection.System, Settings(connection),
                secrets.Unprotect(connection.WorkspaceId, connection.SecretsCiphertext).Where(s => s.Value.Length > 0).Select(s => s.Key).ToHashSet(),
                connection.SecretsVersion);
    }

    /// <summary>
    /// Saves settings, and replaces only the secrets in <paramref name="replacedSecrets"/> (a blank value
    /// keeps the one set before). Every change is written to the connection's history.
    /// </summary>
    public async Task SaveAsync(Guid connectionId, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string> replacedSecrets, string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw new KeyNotFoundException($"Connection {connectionId} is not in this workspace.");
        var now = clock.GetUtcNow();
        var oldSettings = Settings(connection);
        var changedSettings = settings.Keys.Union(oldSettings.Keys)
            .Where(k => settings.GetValueOrDefault(k) != oldSettings.GetValueOrDefault(k)).Order().ToList();
        var replaced = replacedSecrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary();

        connection.SettingsJson = JsonSerializer.Serialize(settings);
        if (replaced.Count > 0)
        {
            var merged = secrets.Unprotect(connection.WorkspaceId, connection.SecretsCiphertext).ToDictionary();
            foreach (var (name, value) in replaced) merged[name] = value;
            connection.SecretsCiphertext = secrets.Protect(connection.WorkspaceId, merged);
            connection.SecretsVersion++;
        }
        connection.UpdatedAt = now;
        if (changedSettings.Count > 0)
            db.ConnectionChanges.Add(Change(connection, now, userId, $"Settings changed: {string.Join(", ", changedSettings)}"));
        if (replaced.Count > 0)
            db.ConnectionChanges.Add(Change(connection, now, userId, $"Secret replaced: {string.Join(", ", replaced.Keys.Order())}"));
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
