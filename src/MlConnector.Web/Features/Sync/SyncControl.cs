using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Sync;

/// <summary>Switches an integration's sync on, pauses and resumes it, and sets its poll cadence (<see cref="Permission.ManageIntegration"/>).</summary>
public sealed class SyncControl(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, SyncSignal signal)
{
    /// <summary>On (from Draft, or resumed after a pause): queued records start moving.</summary>
    public Task ActivateAsync(Guid integrationId, CancellationToken ct = default) =>
        SetAsync(integrationId, IntegrationStatus.Active, null, ct);

    public Task PauseAsync(Guid integrationId, string reason, CancellationToken ct = default) =>
        SetAsync(integrationId, IntegrationStatus.Paused, string.IsNullOrWhiteSpace(reason) ? "Paused by a person." : reason.Trim(), ct);

    public async Task SetCadenceAsync(Guid integrationId, int pollEveryMinutes, CancellationToken ct = default)
    {
        Guard();
        if (pollEveryMinutes is < 1 or > 1440) throw new ArgumentOutOfRangeException(nameof(pollEveryMinutes), "The poll cadence must be between 1 and 1440 minutes.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.SingleAsync(i => i.Id == integrationId, ct);
        integration.PollEveryMinutes = pollEveryMinutes;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>How many of the integration's records are in each state.</summary>
    public async Task<IReadOnlyDictionary<SyncState, int>> CountsAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.SyncRecords.Where(r => r.IntegrationId == integrationId).GroupBy(r => r.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return counts.ToDictionary(c => c.Key, c => c.Count);
    }

    private async Task SetAsync(Guid integrationId, IntegrationStatus status, string? reason, CancellationToken ct)
    {
        Guard();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.SingleAsync(i => i.Id == integrationId, ct);
        (integration.Status, integration.PausedReason) = (status, reason);
        // A person's pause is no alarm (the owner's banner and notifications are for pauses the engine made).
        integration.PausedBy = status == IntegrationStatus.Paused ? PauseOrigin.Person : null;
        await db.SaveChangesAsync(ct);
        if (status == IntegrationStatus.Active) signal.Poke();
    }

    private void Guard() => current.Demand(Permission.ManageIntegration, "switch an integration on or off or change its cadence");
}
