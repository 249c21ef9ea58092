using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.Sync.Ramp;

/// <summary>What one report round did: items Ramp took, items it refused, and whether the round stopped early.</summary>
public sealed record RampReportOutcome(int Reported, int Refused, ConnectorFailure? StoppedBy);

/// <summary>
/// Tells Ramp how each record ended (<c>POST /accounting/syncs</c>), so Ramp's own UI shows synced or the export error:
/// successes with <c>reference_id</c> = the ERP document id, failures with the user-facing message. Batches hold at
/// most 5,000 items, empty lists are left out, and the <c>idempotency_key</c> is derived from the batch's content and
/// outcomes, so a repeat (after a timeout, from another node) is answered 7005 and counted as done, while a record
/// that failed before and succeeds now gets a new key. A refused batch is halved until the refused item stands alone.
/// </summary>
public sealed class RampSyncReporter(IDbContextFactory<AppDbContext> dbFactory, SyncFlows flows, RampClient ramp, IServiceProvider services,
    SyncEvents events, TimeProvider clock)
{
    public const int MaxPerCall = 5000;

    public async Task<RampReportOutcome> ReportAsync(Integration integration, CancellationToken ct)
    {
        var rampFlows = flows.For(integration.Kind).Where(f => f.Source is RampSource && f.Source.ReportType is not null).ToList();
        if (rampFlows.Count == 0) return new RampReportOutcome(0, 0, null);
        var context = new FlowContext(integration, services);
        var (reported, refused) = (0, 0);
        foreach (var flow in rampFlows)
        {
            while (true)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var due = await db.SyncRecords.Where(r => r.IntegrationId == integration.Id && r.Flow == flow.Name && r.ReportPending
                        && (r.State == SyncState.Posted || r.State == SyncState.Skipped || r.State == SyncState.Failed || r.State == SyncState.Blocked))
                    .OrderBy(r => r.UpdatedAt).Take(MaxPerCall).ToListAsync(ct);
                if (due.Count == 0) break;
                var session = await RampSource.SessionAsync(context, ct);
                if (!session.IsOk) return new RampReportOutcome(reported, refused, session.Failure);
                // Sync reports belong to the active accounting connection (Ramp refuses them without one): ours, made
                // or reactivated here if the chart was never pushed; someone else's stops the report with a reason.
                var connection = await context.OnceAsync("ramp-accounting-connection", () => AccountingConnectionSetup.EnsureAsync(ramp, session.Value!, ct));
                if (!connection.IsOk) return new RampReportOutcome(reported, refused, connection.Failure);
                var ledger = new SyncLedger(db, clock.GetUtcNow());
                var refusedNow = new List<SyncRecord>();
                var stopped = await SendAsync(session.Value!, flow.Source.ReportType!, due, ledger, refusedNow, ct);
                reported += due.Count(r => !r.ReportPending) - refusedNow.Count;
                refused += refusedNow.Count;
                await ledger.SaveAsync(events, ct);
                if (stopped is not null) return new RampReportOutcome(reported, refused, stopped);
                if (due.Count < MaxPerCall) break;
            }
        }
        return new RampReportOutcome(reported, refused, null);
    }

    private async Task<ConnectorFailure?> SendAsync(RampSession session, string syncType, IReadOnlyList<SyncRecord> batch, SyncLedger ledger,
        List<SyncRecord> refused, CancellationToken ct)
    {
        var sent = await ramp.ReportSyncsAsync(session.Credentials, session.Token, Body(syncType, batch), ct);
        if (sent.IsOk)
        {
            foreach (var record in batch) Reported(record, ledger, sent.Value!);
            return null;
        }
        if (sent.Failure!.Kind != FailureKind.Permanent) return sent.Failure; // try again next round
        if (batch.Count == 1)
        {
            var record = batch[0];
            record.ReportPending = false;
            ledger.Move(record, record.State, AuditAction.Reported, "ramp-report", $"Ramp refused the report: {sent.Failure.Message}");
            refused.Add(record);
            return null;
        }
        // One bad item refuses the whole call: halve until it stands alone, so everything else gets through.
        var half = batch.Count / 2;
        return await SendAsync(session, syncType, batch.Take(half).ToList(), ledger, refused, ct)
            ?? await SendAsync(session, syncType, batch.Skip(half).ToList(), ledger, refused, ct);
    }

    private static void Reported(SyncRecord record, SyncLedger ledger, RampSyncReceipt receipt)
    {
        record.ReportPending = false;
        record.ReportedAt = ledger.Now;
        var how = receipt.AlreadyApplied ? " (Ramp had it already)" : "";
        if (Succeeded(record))
            ledger.Move(record, record.State == SyncState.Posted ? SyncState.Confirmed : record.State, record.State == SyncState.Posted ? AuditAction.Confirmed : AuditAction.Reported,
                "ramp-report", $"Ramp marked it synced, reference {record.TargetDocumentId}{how}.");
        else
            ledger.Move(record, record.State, AuditAction.Reported, "ramp-report", $"Ramp shows the export error: {record.ErrorMessage}{how}");
    }

    private static bool Succeeded(SyncRecord record) => record.State is SyncState.Posted or SyncState.Skipped && record.TargetDocumentId is not null;

    /// <summary>The request body; its idempotency key is a hash of exactly what it says.</summary>
    internal static JsonObject Body(string syncType, IReadOnlyList<SyncRecord> batch)
    {
        var successes = batch.Where(Succeeded).OrderBy(r => r.SourceId, StringComparer.Ordinal).ToList();
        var failures = batch.Where(r => !Succeeded(r)).OrderBy(r => r.SourceId, StringComparer.Ordinal).ToList();
        var body = new JsonObject { ["sync_type"] = syncType };
        var fingerprint = new StringBuilder(syncType);
        if (successes.Count > 0)
        {
            body["successful_syncs"] = new JsonArray(successes.Select(r => (JsonNode)new JsonObject { ["id"] = r.SourceId, ["reference_id"] = r.TargetDocumentId }).ToArray());
            foreach (var r in successes) fingerprint.Append('\n').Append(r.SourceId).Append("|ok|").Append(r.TargetDocumentId);
        }
        if (failures.Count > 0)
        {
            body["failed_syncs"] = new JsonArray(failures.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.SourceId, ["error"] = new JsonObject { ["message"] = r.ErrorMessage ?? "The sync failed." },
            }).ToArray());
            foreach (var r in failures) fingerprint.Append('\n').Append(r.SourceId).Append("|fail|").Append(r.ErrorMessage);
        }
        body["idempotency_key"] = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.ToString()))[..16]).ToString();
        return body;
    }
}
