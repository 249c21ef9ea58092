using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using Quartz;

namespace MlConnector.Web.Features.Sync;

/// <summary>What a retention run pruned: record payloads, trail details, webhook delivery bodies, received files' text.</summary>
public sealed record RetentionReport(int Records, int AuditDetails, int Deliveries, int Files);

/// <summary>
/// Raw payloads are kept <see cref="SyncOptions.KeepPayloadsFor"/>, then pruned; the trail's summaries stay for good.
/// Only finished records lose their snapshot (Confirmed, Skipped): a record still in work, or failed and waiting for a
/// person, may need it — for a file row the snapshot is the only copy of the document. A webhook delivery loses its body
/// once it was handed over or refused; its row (type, object, verdict, outcome) stays as the summary. A received file
/// loses its text once its rows were handed over (each row's snapshot lives on in its record); its hash, counts and row
/// errors stay, so a re-delivery of the same bytes is still recognised.
/// </summary>
public sealed class SyncRetention(IServiceScopeFactory scopes, IOptions<SyncOptions> options, TimeProvider clock)
{
    public async Task<RetentionReport> PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        // A system job across tenants: bulk updates past the filter, touching only payload columns.
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.KeepPayloadsFor;
        var records = await db.SyncRecords.IgnoreQueryFilters()
            .Where(r => r.PayloadsPrunedAt == null && r.UpdatedAt < cutoff && (r.State == SyncState.Confirmed || r.State == SyncState.Skipped))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.SourceSnapshot, (string?)null).SetProperty(r => r.MappedPayload, (string?)null)
                .SetProperty(r => r.PayloadsPrunedAt, now), ct);
        var details = await db.AuditEvents.IgnoreQueryFilters().Where(a => a.Detail != null && a.At < cutoff)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Detail, (string?)null), ct);
        var deliveries = await db.InboundEvents.IgnoreQueryFilters()
            .Where(e => e.RawBody != null && e.ReceivedAt < cutoff && (!e.Accepted || e.ProcessedAt != null))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.RawBody, (string?)null), ct);
        var files = await db.InboundFiles.IgnoreQueryFilters()
            .Where(f => f.Content != null && f.ReceivedAt < cutoff && f.ProcessedAt != null)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.Content, (string?)null), ct);
        return new RetentionReport(records, details, deliveries, files);
    }
}

/// <summary>Daily retention run.</summary>
[DisallowConcurrentExecution]
public sealed class SyncRetentionJob(SyncRetention retention) : IJob
{
    public static readonly JobKey Key = new("sync-retention", "sync");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await retention.PruneAsync(cancellationToken);
}
