using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Mappings;

namespace MlConnector.Web.Features.Sync;

/// <summary>When finance maps the last missing value of a blocked record, the record goes back to the queue by itself.</summary>
public sealed class SyncReleases(IDbContextFactory<AppDbContext> dbFactory, SyncEvents events, SyncSignal signal, TimeProvider clock) : IMappingReleaseListener
{
    public async Task ReleasedAsync(Guid integrationId, IReadOnlyList<string> recordKeys, CancellationToken ct)
    {
        var ids = recordKeys.Select(k => Guid.TryParse(k, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        if (ids.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ledger = new SyncLedger(db, clock.GetUtcNow());
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var record in await db.SyncRecords.Where(r => r.IntegrationId == integrationId && chunk.Contains(r.Id) && r.State == SyncState.Blocked).ToListAsync(ct))
            {
                SyncIntake.Requeue(record, ledger.Now);
                ledger.Move(record, SyncState.Pending, AuditAction.Released, "mappings", "The missing mapping was set; queued again.");
            }
        }
        await ledger.SaveAsync(events, ct);
        signal.Poke();
    }
}
