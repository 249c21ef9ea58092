using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Sync;

/// <summary>A record this worker now holds: <see cref="Reclaimed"/> when an earlier holder's lease ran out.</summary>
public sealed record ClaimedRecord(Guid Id, Guid WorkspaceId, Guid IntegrationId, string Owner, bool Reclaimed);

/// <summary>
/// Claims due records under a lease, across tenants and nodes. Per integration, in one transaction: lock the integration
/// row (PostgreSQL <c>FOR UPDATE</c>; SQLite's write transaction locks the whole database), count its live leases, and
/// take at most the free slots with <c>FOR UPDATE SKIP LOCKED</c>, so two workers never hold one record and no tenant
/// gets more than <see cref="SyncOptions.MaxInFlightPerIntegration"/> records in flight.
/// </summary>
public sealed class SyncClaims(IServiceScopeFactory scopes, SyncEvents events, IOptions<SyncOptions> options, TimeProvider clock)
{
    private static readonly string[] Waiting = [nameof(SyncState.Pending), nameof(SyncState.RetryScheduled)];

    /// <summary>Claims up to <paramref name="max"/> due records for <paramref name="owner"/>, spread over the integrations that have work.</summary>
    public async Task<IReadOnlyList<ClaimedRecord>> ClaimAsync(string owner, int max, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        // Only active integrations work; a paused one keeps its queue until the owner resumes it.
        // One indexed probe per active integration, not a scan of every queued record.
        var (pending, retrying, expired) = (DueIn(db, SyncState.Pending, now), DueIn(db, SyncState.RetryScheduled, now), DueIn(db, SyncState.InFlight, now));
        var busy = await db.Integrations.IgnoreQueryFilters()
            .Where(i => i.Status == IntegrationStatus.Active && (pending.Any(r => r.IntegrationId == i.Id)
                || retrying.Any(r => r.IntegrationId == i.Id) || expired.Any(r => r.IntegrationId == i.Id)))
            .OrderBy(i => i.Id).Select(i => i.Id).Take(200).ToListAsync(ct);
        var claimed = new List<ClaimedRecord>();
        // A random order, so that over many rounds every tenant with work gets its turn first.
        foreach (var integrationId in busy.OrderBy(_ => Random.Shared.Next()))
        {
            if (claimed.Count >= max) break;
            claimed.AddRange(await ClaimForAsync(db, integrationId, owner, max - claimed.Count, ct));
        }
        return claimed;
    }

    private async Task<IReadOnlyList<ClaimedRecord>> ClaimForAsync(AppDbContext db, Guid integrationId, string owner, int want, CancellationToken ct)
    {
        var settings = options.Value;
        var postgres = db.Database.IsNpgsql();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        if (postgres)
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Integrations" WHERE "Id" = {integrationId} FOR UPDATE""", ct);
        var live = await db.SyncRecords.IgnoreQueryFilters()
            .CountAsync(r => r.IntegrationId == integrationId && r.State == SyncState.InFlight && r.LeaseExpiresAt >= now, ct);
        var take = Math.Min(want, settings.MaxInFlightPerIntegration - live);
        if (take <= 0) return [];

        List<Candidate> picked;
        if (postgres)
        {
            var pending = Waiting[0];
            var retry = Waiting[1];
            var inFlight = nameof(SyncState.InFlight);
            picked = await db.Database.SqlQuery<Candidate>($"""
                SELECT "Id", "WorkspaceId", "Flow", "State" FROM "SyncRecords"
                WHERE "IntegrationId" = {integrationId}
                  AND (("State" IN ({pending}, {retry}) AND "NextAttemptAt" <= {now}) OR ("State" = {inFlight} AND "LeaseExpiresAt" < {now}))
                ORDER BY "NextAttemptAt" LIMIT {take} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
        }
        else
        {
            // One query per state (DueIn), then the earliest of them.
            var due = new List<(Candidate Candidate, DateTimeOffset Next)>();
            foreach (var state in new[] { SyncState.Pending, SyncState.RetryScheduled, SyncState.InFlight })
            {
                var rows = await DueIn(db, state, now).Where(r => r.IntegrationId == integrationId).OrderBy(r => r.NextAttemptAt).Take(take)
                    .Select(r => new { r.Id, r.WorkspaceId, r.Flow, r.NextAttemptAt }).ToListAsync(ct);
                due.AddRange(rows.Select(r => (new Candidate(r.Id, r.WorkspaceId, r.Flow, state.ToString()), r.NextAttemptAt)));
            }
            picked = due.OrderBy(d => d.Next).Take(take).Select(d => d.Candidate).ToList();
        }
        if (picked.Count == 0) return [];

        var ids = picked.Select(p => p.Id).ToList();
        var expires = now + settings.LeaseDuration;
        await db.SyncRecords.IgnoreQueryFilters().Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.State, SyncState.InFlight)
            .SetProperty(r => r.LeaseOwner, owner)
            .SetProperty(r => r.LeaseExpiresAt, expires)
            .SetProperty(r => r.Attempts, r => r.Attempts + 1)
            .SetProperty(r => r.UpdatedAt, now), ct);
        // A record whose holder died may have been written to the target already: look before posting again.
        var reclaimed = picked.Where(p => p.State == nameof(SyncState.InFlight)).Select(p => p.Id).ToList();
        if (reclaimed.Count > 0)
            await db.SyncRecords.IgnoreQueryFilters().Where(r => reclaimed.Contains(r.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.VerifyBeforePost, true), ct);
        await transaction.CommitAsync(ct);
        events.Publish(picked.Where(p => p.State != nameof(SyncState.InFlight)).Select(p => new SyncStateChanged(p.WorkspaceId, integrationId, p.Id, p.Flow,
            Enum.Parse<SyncState>(p.State), SyncState.InFlight, now)).ToList());
        return picked.Select(p => new ClaimedRecord(p.Id, p.WorkspaceId, integrationId, owner, p.State == nameof(SyncState.InFlight))).ToList();
    }

    /// <summary>
    /// Records in <paramref name="state"/> that are due: waiting ones whose time has come, in-flight ones whose lease ran
    /// out. One state per query keeps each an ordered range of the (IntegrationId, State, NextAttemptAt) index; with the
    /// states OR-ed, SQLite read and sorted every due record of an integration (20,000 in the benchmark) to pick 16,
    /// inside the write transaction every worker waits on.
    /// </summary>
    private static IQueryable<SyncRecord> DueIn(AppDbContext db, SyncState state, DateTimeOffset now)
    {
        var records = db.SyncRecords.IgnoreQueryFilters();
        return state == SyncState.InFlight
            ? records.Where(r => r.State == state && r.LeaseExpiresAt < now)
            : records.Where(r => r.State == state && r.NextAttemptAt <= now);
    }

    private sealed record Candidate(Guid Id, Guid WorkspaceId, string Flow, string State);
}
