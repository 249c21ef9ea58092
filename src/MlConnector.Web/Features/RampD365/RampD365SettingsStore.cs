using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampD365;

/// <summary>Reads and saves an integration's <see cref="RampD365Settings"/>; saving needs <see cref="Permission.ManageIntegration"/>.</summary>
public sealed class RampD365SettingsStore(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, RampSessions sessions, RampClient ramp)
{
    /// <summary>Ramp's entities to choose from, or why they cannot be read now (e.g. the Ramp connection is not set up yet).</summary>
    public async Task<ConnectorResult<IReadOnlyList<RampEntity>>> RampEntitiesAsync(Guid integrationId, CancellationToken ct = default)
    {
        var session = await sessions.OpenAsync(integrationId, ct);
        return session.IsOk ? await RampEntityScope.ListAsync(ramp, session.Value!, ct) : session.Failure!;
    }

    public async Task<RampD365Settings> GetAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
        return RampD365Settings.Of(integration);
    }

    /// <summary>Saves <paramref name="settings"/> when they have no <see cref="RampD365Settings.Problems"/>; returns the problems otherwise.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(Guid integrationId, RampD365Settings settings, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageIntegration, "change how an integration posts");
        var problems = settings.Problems();
        if (problems.Count > 0) return problems;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.SingleAsync(i => i.Id == integrationId && i.Kind == IntegrationKind.RampD365, ct);
        integration.SettingsJson = settings.ToJson();
        await db.SaveChangesAsync(ct);
        return [];
    }
}
