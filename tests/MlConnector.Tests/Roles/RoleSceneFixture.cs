using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Integration;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Roles;

/// <summary>One portal and one <see cref="RoleScene"/> for a whole matrix: the rows run one after the other on it.</summary>
public abstract class RoleSceneFixture(Db database) : IAsyncLifetime
{
    public PortalHost Host { get; private set; } = default!;
    public RoleScene Scene { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Host = await PortalHost.StartAsync(database);
        var workspace = await RoleWorkspace.CreateAsync(Host);
        // D365 pulled from the sandbox, a legacy Ramp chart (qb-1 … qb-5) to map, suggestions refreshed.
        await using (await MappingContext.AttachAsync(Host, workspace.WorkspaceId, workspace.IntegrationId))
        {
        }
        using var owner = await workspace.EnterAsAsync(WorkspaceRole.Owner);
        var switchable = await owner.Get<ConnectionStore>().CreateIntegrationAsync(IntegrationKind.RampD365, "Switchable");
        await owner.Get<SyncIntake>().AcceptAsync(workspace.IntegrationId, [new IntakeItem("role-probe", "r-1")], IntakeVia.Webhook, "test");
        await using var db = Host.OpenDb(workspace.WorkspaceId);
        var record = await db.SyncRecords.Where(r => r.SourceId == "r-1").Select(r => r.Id).SingleAsync();
        var ramp = await db.Connections.Where(c => c.IntegrationId == workspace.IntegrationId && c.System == ExternalSystem.Ramp).Select(c => c.Id).SingleAsync();
        Scene = new RoleScene(workspace, switchable.Id, record, ramp);
    }

    /// <summary>
    /// What any of the actions could change, as one string: a refused attempt must leave it as it was. Columns that the
    /// background jobs move on their own (last polled, audit trail of other records) are left out.
    /// </summary>
    public async Task<string> FingerprintAsync()
    {
        await using var db = Host.OpenDb(Scene.Workspace.WorkspaceId);
        var state = new
        {
            Integrations = await db.Integrations.OrderBy(i => i.CreatedAt).Select(i => new { i.Id, i.Status, i.PollEveryMinutes, i.SettingsJson }).ToListAsync(),
            Connections = await db.Connections.OrderBy(c => c.Id).Select(c => new { c.Id, c.SettingsJson, c.SecretsVersion, c.LastPingAt }).ToListAsync(),
            ConnectionChanges = await db.ConnectionChanges.CountAsync(),
            MappingChanges = await db.MappingChanges.CountAsync(),
            ReferenceItems = await db.ReferenceItems.CountAsync(),
            LastPull = (await db.ReferenceItems.Select(i => i.FetchedAt).ToListAsync()).DefaultIfEmpty().Max(),
            ChartPushes = await db.RampChartPushes.CountAsync(),
            Webhooks = await db.WebhookSubscriptions.CountAsync(),
            Members = await db.Memberships.OrderBy(m => m.Id).Select(m => new { m.Id, m.Role }).ToListAsync(),
            Records = await db.SyncRecords.CountAsync(),
            Replays = await db.AuditEvents.CountAsync(a => a.Action == AuditAction.Replayed),
        };
        return JsonSerializer.Serialize(state);
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SqliteRoleScene() : RoleSceneFixture(Db.Sqlite);

public sealed class PostgresRoleScene() : RoleSceneFixture(Db.PostgreSql);
