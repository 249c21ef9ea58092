using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Sync;

/// <summary>
/// Works one claimed record through fetch → map → (look up) → post, and stores the outcome with its trail in one save,
/// fenced by the lease: a worker that lost its lease saves nothing. Failures are classified (see <see cref="SyncFailures"/>).
/// </summary>
internal sealed partial class SyncProcessor(IDbContextFactory<AppDbContext> dbFactory, SyncFlows flows, MappingHistory history,
    MappingHolds holds, SyncFailures failures, SyncEvents events, TimeProvider clock, ILogger<SyncProcessor> log)
{
    /// <summary>
    /// Works the claimed records of one integration: each is fetched, mapped and (if needed) looked up in parallel; those
    /// ready to post then go to their flow together, so a target that takes many documents per request gets one request
    /// per flow instead of one per record. All outcomes are stored in one save.
    /// </summary>
    public async Task ProcessAsync(IReadOnlyList<ClaimedRecord> claims, FlowContext context, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owners = claims.ToDictionary(c => c.Id);
        var ids = owners.Keys.ToList();
        // Deleted meanwhile, or someone else holds it now: not ours to work.
        var records = (await db.SyncRecords.Where(r => ids.Contains(r.Id)).ToListAsync(ct)).Where(r => r.LeaseOwner == owners[r.Id].Owner).ToList();
        var work = records.Select(record => new Work(record, new SyncLedger(db, clock.GetUtcNow()), "worker " + owners[record.Id].Owner)).ToList();
        var ready = await Task.WhenAll(work.Select(w => GuardedAsync(w, () => PrepareAsync(w, owners[w.Record.Id].Reclaimed, context, ct), ct)));
        foreach (var batch in work.Zip(ready).Where(p => p.Second is not null).GroupBy(p => p.Second!, p => p.First))
            await PostAllAsync(batch.Key, batch.ToList(), context, ct);
        foreach (var w in work) (w.Record.LeaseOwner, w.Record.LeaseExpiresAt) = (null, null);
        // Our lease ran out and another worker holds the record: its outcome counts, ours is dropped.
        await SyncLedger.SaveAllAsync(db, work.Select(w => w.Ledger).ToList(), events, id => LogLeaseLost(id, owners[id].Owner), ct);
    }

    /// <summary>One record's part of a worked batch: its trail so far and who works it.</summary>
    private sealed record Work(SyncRecord Record, SyncLedger Ledger, string Actor);

    /// <summary>An unforeseen exception fails the record with a support reference, never the batch.</summary>
    private async Task<T?> GuardedAsync<T>(Work work, Func<Task<T?>> step, CancellationToken ct)
    {
        try
        {
            return await step();
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            failures.Unexpected(work.Ledger, work.Record, work.Actor, error, log);
            return default;
        }
    }

    /// <summary>Fetch → map → (look up): the flow to post with when the record is ready to post, or null when it is settled.</summary>
    private async Task<ISyncFlow?> PrepareAsync(Work work, bool reclaimed, FlowContext context, CancellationToken ct)
    {
        var (record, ledger, actor) = work;
        if (reclaimed)
            ledger.Move(record, SyncState.InFlight, AuditAction.LeaseExpired, actor,
                "The previous worker's lease ran out before it finished; the target is checked before anything is posted.");
        if (flows.Named(record.Flow) is not { } flow)
        {
            failures.Unexpected(ledger, record, actor, new InvalidOperationException($"No flow named '{record.Flow}' is registered on this node."), log);
            return null;
        }
        var timer = Stopwatch.StartNew();
        var fetched = await flow.Source.FetchAsync(context, record, ct);
        // A snapshot that came with the poll's list page serves one attempt; any later one reads the source again.
        record.SnapshotPolledAt = null;
        if (!fetched.IsOk)
        {
            failures.Apply(ledger, record, actor, fetched.Failure!, SyncStage.Fetch, context.Integration);
            return null;
        }
        var document = fetched.Value!;
        (record.SourceSnapshot, record.NaturalKey, record.Summary) = (document.Snapshot, SyncLedger.Clip(document.NaturalKey, 300), SyncLedger.Clip(document.Summary, 300));
        ledger.Move(record, SyncState.InFlight, AuditAction.Fetched, actor, document.Summary, durationMs: Elapsed(timer));
        if (document.SkipReason is { } skip)
        {
            await holds.ClearAsync(record.IntegrationId, record.Id.ToString(), ct);
            SyncFailures.Clear(record);
            ledger.Move(record, SyncState.Skipped, AuditAction.Skipped, actor, skip);
            return null;
        }

        var mapping = await MapAsync(flow, context, record, document, ct);
        if (mapping.Map.Missing.Count > 0)
        {
            failures.Block(ledger, record, actor, mapping.Map.Missing);
            return null;
        }
        if (mapping.Map.Invalid is { } invalid)
        {
            failures.Refuse(ledger, record, actor, invalid, mapping.Map.Hint);
            return null;
        }
        var previousPayload = record.MappedPayload;
        (record.MappedPayload, record.MappingVersion) = (mapping.Map.Payload, mapping.Version);
        if (mapping.Map.NaturalKey is { } naturalKey) record.NaturalKey = SyncLedger.Clip(naturalKey, 300);
        ledger.Move(record, SyncState.InFlight, AuditAction.Mapped, actor, $"Mapped with mapping version {mapping.Version}.",
            PayloadTrail.Describe(mapping.Map.Payload, previousPayload));

        if (!record.VerifyBeforePost) return flow;
        timer.Restart();
        var found = await flow.FindAsync(context, record, ct);
        if (!found.IsOk)
        {
            failures.Apply(ledger, record, actor, found.Failure!, SyncStage.Verify, context.Integration);
            return null;
        }
        if (found.Value is not { } existing) return flow;
        Done(record, existing);
        ledger.Move(record, SyncState.Posted, AuditAction.Linked, actor,
            $"The target already holds this document as {existing} (an earlier attempt landed); linked instead of posting again.",
            durationMs: Elapsed(timer));
        return null;
    }

    /// <summary>Posts a flow's ready records in one call to the flow and stores each record's outcome.</summary>
    private async Task PostAllAsync(ISyncFlow flow, IReadOnlyList<Work> batch, FlowContext context, CancellationToken ct)
    {
        var timer = Stopwatch.StartNew();
        IReadOnlyList<ConnectorResult<PostOutcome>> results;
        try
        {
            results = await flow.PostAllAsync(context, batch.Select(w => w.Record).ToList(), ct);
            if (results.Count != batch.Count)
                throw new InvalidOperationException($"Flow {flow.Name} answered {results.Count} outcomes for {batch.Count} records.");
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whether anything landed is unknown: the next attempt looks first.
            foreach (var w in batch)
            {
                w.Record.VerifyBeforePost = true;
                failures.Unexpected(w.Ledger, w.Record, w.Actor, error, log);
            }
            return;
        }
        var took = Elapsed(timer);
        for (var i = 0; i < batch.Count; i++)
        {
            var ((record, ledger, actor), posted) = (batch[i], results[i]);
            if (!posted.IsOk)
            {
                failures.Apply(ledger, record, actor, posted.Failure!, SyncStage.Post, context.Integration);
                continue;
            }
            var outcome = posted.Value!;
            Done(record, outcome.DocumentId);
            if (outcome.AlreadyExisted)
                ledger.Move(record, SyncState.Skipped, AuditAction.Skipped, actor,
                    $"Duplicate: the target already has this document as {outcome.DocumentId}; linked, not posted again.", outcome.Detail, took);
            else
                ledger.Move(record, SyncState.Posted, AuditAction.Posted, actor, $"Created {outcome.DocumentId}.", outcome.Detail, took);
        }
    }

    private async Task<(FlowMapping Map, long Version)> MapAsync(ISyncFlow flow, FlowContext context, SyncRecord record, SourceDocument document, CancellationToken ct)
    {
        var key = record.Id.ToString();
        // One mapping snapshot per batch; a record that lacks something re-reads it, because finance may have just mapped it.
        var mappings = await context.OnceAsync("mappings", () => history.SnapshotAsync(record.IntegrationId, ct: ct));
        var map = flow.Map(context, document, mappings);
        if (map.Missing.Count > 0)
        {
            var fresh = await history.SnapshotAsync(record.IntegrationId, ct: ct);
            map = flow.Map(context, document, fresh);
            mappings = fresh;
            // Holding and checking happen in one transaction, so a mapping saved meanwhile cannot slip between them.
            if (map.Missing.Count > 0 && (await holds.HoldAsync(record.IntegrationId, key, map.Missing, ct)).Count == 0)
            {
                mappings = await history.SnapshotAsync(record.IntegrationId, ct: ct);
                map = flow.Map(context, document, mappings);
            }
        }
        return (map, mappings.Version);
    }

    private static void Done(SyncRecord record, string documentId)
    {
        record.TargetDocumentId = SyncLedger.Clip(documentId, 200);
        record.VerifyBeforePost = false;
        record.ReportPending = true;
        SyncFailures.Clear(record);
    }

    private static int Elapsed(Stopwatch timer) => (int)Math.Min(timer.ElapsedMilliseconds, int.MaxValue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {RecordId}: lease {Owner} was lost before the outcome was saved; the new holder's outcome counts")]
    private partial void LogLeaseLost(Guid recordId, string owner);
}
