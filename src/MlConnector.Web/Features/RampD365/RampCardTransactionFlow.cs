using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// Cleared Ramp card transactions → the day's D365 general journal ("Ramp card spend 2026-12-06", the configured journal
/// name), one voucher per transaction (<see cref="CardJournalEntry"/>). Each worked batch finds the day's unposted journal
/// (or opens it) once, then sends all its transactions in one <c>$batch</c> request, each transaction's lines one atomic
/// changeset, so a transaction is in D365 whole or not at all. The record's document id is the journal batch number,
/// which Ramp gets as the TRANSACTION_SYNC <c>reference_id</c>.
/// </summary>
/// <remarks>
/// One journal a day rather than one per run: finance reviews and posts a day's card spend at once, and a run is only a
/// worked batch of 16. If finance posts the journal during the day, or it holds the configured number of transactions
/// (<see cref="RampD365Settings.CardJournalMaxTransactions"/>, 1,000 by default), the next batch opens a new one.
/// If every transaction of a new journal fails (a closed period), the journal stays empty; an empty unposted journal
/// posts nothing and can be deleted in F&amp;O.
/// </remarks>
public sealed class RampCardTransactionFlow(RampTransactionSource transactions, TimeProvider clock) : ISyncFlow
{
    public const string FlowName = "ramp.card-transaction→d365.journal";

    public string Name => FlowName;

    public IntegrationKind Kind => IntegrationKind.RampD365;

    public ISyncSource Source => transactions;

    public bool IsOn(Integration integration) => RampD365Settings.Of(integration).CardTransactionsOn;

    public FlowMapping Map(FlowContext context, SourceDocument document, MappingSnapshot mappings)
    {
        using var json = JsonDocument.Parse(document.Snapshot);
        return CardJournalEntry.Map(json.RootElement, mappings, RampD365Settings.Of(context.Integration));
    }

    /// <summary>
    /// The journal holding this transaction's voucher, found by its <c>Document</c> (derived from the Ramp id). Lines go in
    /// atomically, so any line found means all of them are there; fewer than the payload has would mean someone deleted
    /// some in F&amp;O, which is not ours to repair silently.
    /// </summary>
    public async Task<ConnectorResult<string?>> FindAsync(FlowContext context, SyncRecord record, CancellationToken ct)
    {
        var credentials = await D365Connection.CredentialsAsync(context, ct);
        if (!credentials.IsOk) return credentials.Failure!;
        var document = CardJournalEntry.DocumentOf(record.SourceId);
        var filter = $"dataAreaId eq {D365Connection.Literal(credentials.Value!.LegalEntity)} and Document eq {D365Connection.Literal(document)}";
        var rows = await D365(context).ReadAllAsync(credentials.Value, $"LedgerJournalLines?cross-company=true&$filter={Uri.EscapeDataString(filter)}", ct);
        if (!rows.IsOk) return rows.Failure!;
        var journals = rows.Value!.GroupBy(r => r.GetProperty("JournalBatchNumber").GetString()!).ToList();
        if (journals.Count == 0) return ConnectorResult<string?>.Ok(null);
        var expected = record.MappedPayload is { } payload && JsonNode.Parse(payload)?[CardJournalEntry.Lines] is JsonArray lines ? lines.Count : 0;
        var whole = journals.Where(j => expected == 0 || j.Count() >= expected).Select(j => j.Key).ToList();
        if (whole.Count > 0) return ConnectorResult<string?>.Ok(whole[0]);
        return new ConnectorFailure(FailureKind.Permanent,
            $"Journal {journals[0].Key} holds only {journals[0].Count()} of the {expected} lines of voucher {document} (this transaction); lines were removed in Dynamics 365.",
            $"Delete the remaining lines of voucher {document} in journal {journals[0].Key}, then replay the record.");
    }

    /// <summary>The batch's transactions into the day's journal in one <c>$batch</c> request, each voucher one atomic changeset.</summary>
    public async Task<IReadOnlyList<ConnectorResult<PostOutcome>>> PostAllAsync(FlowContext context, IReadOnlyList<SyncRecord> records, CancellationToken ct)
    {
        var settings = RampD365Settings.Of(context.Integration);
        if (CardJournalSetup.Problem(settings) is { } problem) return D365Posting.AllFail(records, new ConnectorFailure(FailureKind.Configuration, problem, CardJournalSetup.Hint));
        var credentials = await D365Connection.CredentialsAsync(context, ct);
        if (!credentials.IsOk) return D365Posting.AllFail(records, credentials.Failure!);
        var payloads = records.Select(r => JsonNode.Parse(r.MappedPayload!)!).ToList();
        var results = new ConnectorResult<PostOutcome>[records.Count];
        var postable = new List<int>();
        for (var i = 0; i < records.Count; i++)
        {
            if (payloads[i][CardJournalEntry.Lines] is JsonArray { Count: > 0 }) postable.Add(i);
            // Mapped while the settings were incomplete; the next attempt maps again with the settings as they are now.
            else results[i] = new ConnectorFailure(FailureKind.Transient, "The transaction was mapped before the card journal settings were complete.");
        }
        if (postable.Count == 0) return results;
        var journals = await JournalsForAsync(context, credentials.Value!, settings, postable.Count, ct);
        if (!journals.IsOk)
        {
            foreach (var i in postable) results[i] = journals.Failure!;
            return results;
        }
        var vouchers = postable.Select((i, n) => (IReadOnlyList<D365BatchCreate>)payloads[i][CardJournalEntry.Lines]!.AsArray().Select(line =>
        {
            var row = line!.DeepClone().AsObject();
            row["dataAreaId"] = credentials.Value!.LegalEntity;
            row["JournalBatchNumber"] = journals.Value![n];
            return D365BatchCreate.In("LedgerJournalLines", row);
        }).ToList()).ToList();
        var created = await D365Posting.CreateAsync(context, credentials.Value!, vouchers, ct);
        for (var n = 0; n < postable.Count; n++)
        {
            var (document, journal) = (payloads[postable[n]]["document"]!.GetValue<string>(), journals.Value![n]);
            results[postable[n]] = created[n].IsOk
                ? ConnectorResult<PostOutcome>.Ok(new PostOutcome(journal, Detail: $"$batch: {vouchers[n].Count} lines of voucher {document} into journal {journal}"))
                : created[n].Failure!;
        }
        return results;
    }

    /// <summary>
    /// The journal of each of a batch's <paramref name="vouchers"/>, in order: the day's open card journal while it has
    /// room for <see cref="RampD365Settings.CardJournalMaxTransactions"/>, then as many new ones as the rest need. Room is
    /// counted in our own ledger (records posted into the journal), which only we write to. Two nodes filling one journal at
    /// the same moment can pass the limit by a batch; the limit is for people reviewing journals, not a D365 constraint.
    /// </summary>
    private async Task<ConnectorResult<IReadOnlyList<string>>> JournalsForAsync(FlowContext context, D365Credentials credentials, RampD365Settings settings,
        int vouchers, CancellationToken ct)
    {
        var limit = Math.Max(1, settings.CardJournalMaxTransactions);
        var open = await OpenJournalAsync(context, credentials, settings.CardJournalName!, ct);
        if (!open.IsOk) return open.Failure!;
        var journal = open.Value;
        var used = journal is null ? 0 : await VouchersInAsync(context, journal, ct);
        var assigned = new List<string>(vouchers);
        while (assigned.Count < vouchers)
        {
            if (journal is null || used >= limit)
            {
                var created = await NewJournalAsync(context, credentials, settings.CardJournalName!, ct);
                if (!created.IsOk) return created.Failure!;
                (journal, used) = (created.Value!, 0);
            }
            var take = Math.Min(limit - used, vouchers - assigned.Count);
            assigned.AddRange(Enumerable.Repeat(journal, take));
            used += take;
        }
        return ConnectorResult<IReadOnlyList<string>>.Ok(assigned);
    }

    private static async Task<int> VouchersInAsync(FlowContext context, string journal, CancellationToken ct)
    {
        await using var db = await context.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var integrationId = context.Integration.Id;
        return await db.SyncRecords.IgnoreQueryFilters()
            .CountAsync(r => r.IntegrationId == integrationId && r.Flow == FlowName && r.TargetDocumentId == journal, ct);
    }

    /// <summary>
    /// The day's open card journal: the newest unposted one we opened today (found by name and description), or null.
    /// Looked up once per worked batch, so a journal finance posted meanwhile is never written to again.
    /// </summary>
    private async Task<ConnectorResult<string?>> OpenJournalAsync(FlowContext context, D365Credentials credentials, string journalName, CancellationToken ct)
    {
        var description = TodaysDescription();
        var filter = $"dataAreaId eq {D365Connection.Literal(credentials.LegalEntity)} and JournalName eq {D365Connection.Literal(journalName)} and Description eq {D365Connection.Literal(description)}";
        // IsPosted is an enum; compared here rather than in $filter, whose enum literal syntax is not settled (contract §4).
        var open = await D365(context).GetRowsAsync(credentials, $"LedgerJournalHeaders?cross-company=true&$select=JournalBatchNumber,IsPosted&$filter={Uri.EscapeDataString(filter)}", ct);
        if (!open.IsOk) return open.Failure!;
        // Numbers grow within a number sequence, so the greatest is the day's latest journal.
        return ConnectorResult<string?>.Ok(open.Value!.Where(r => !(r.TryGetProperty("IsPosted", out var posted) && posted.GetString() == "Yes"))
            .Select(r => r.GetProperty("JournalBatchNumber").GetString()!).OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).LastOrDefault());
    }

    private async Task<ConnectorResult<string>> NewJournalAsync(FlowContext context, D365Credentials credentials, string journalName, CancellationToken ct)
    {
        var header = new JsonObject { ["dataAreaId"] = credentials.LegalEntity, ["JournalName"] = journalName, ["Description"] = TodaysDescription() };
        var created = await D365(context).CreateAsync(credentials, "LedgerJournalHeaders", header, ct);
        return created.IsOk ? ConnectorResult<string>.Ok(created.Value.GetProperty("JournalBatchNumber").GetString()!) : created.Failure!;
    }

    private string TodaysDescription() =>
        $"Ramp card spend {DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>The typed client from the batch's scope: the flow is a singleton and must not pin one HttpClient forever.</summary>
    private static D365Client D365(FlowContext context) => context.Services.GetRequiredService<D365Client>();

}
