using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// Cleared Ramp card transactions → one D365 general journal per worked batch (the run), one voucher per transaction
/// (<see cref="CardJournalEntry"/>). The run's header is created once, on the first record that posts; each transaction's
/// lines then go in as one atomic <c>$batch</c> changeset, so a transaction is in D365 whole or not at all. The record's
/// document id is the journal batch number, which Ramp gets as the TRANSACTION_SYNC <c>reference_id</c>.
/// </summary>
/// <remarks>
/// If every record of a run fails after the header was created (a closed period, a refused account), the run leaves an
/// empty journal behind. That is accepted: an empty unposted journal posts nothing, finance can delete it in F&amp;O, and
/// creating the header lazily on the first post (not at the start of the run) keeps it to runs where a post was tried.
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

    public async Task<ConnectorResult<PostOutcome>> PostAsync(FlowContext context, SyncRecord record, CancellationToken ct)
    {
        var settings = RampD365Settings.Of(context.Integration);
        if (CardJournalSetup.Problem(settings) is { } problem) return new ConnectorFailure(FailureKind.Configuration, problem, CardJournalSetup.Hint);
        var payload = JsonNode.Parse(record.MappedPayload!)!;
        if (payload[CardJournalEntry.Lines] is not JsonArray { Count: > 0 } lines)
            // Mapped while the settings were incomplete; the next attempt maps again with the settings as they are now.
            return new ConnectorFailure(FailureKind.Transient, "The transaction was mapped before the card journal settings were complete.");
        var credentials = await D365Connection.CredentialsAsync(context, ct);
        if (!credentials.IsOk) return credentials.Failure!;
        var journal = await context.OnceAsync("card-journal", () => OpenJournalAsync(D365(context), credentials.Value!, settings.CardJournalName!, ct));
        if (!journal.IsOk) return journal.Failure!;
        var rows = lines.Select(line =>
        {
            var row = line!.DeepClone().AsObject();
            row["dataAreaId"] = credentials.Value!.LegalEntity;
            row["JournalBatchNumber"] = journal.Value;
            return D365BatchCreate.In("LedgerJournalLines", row);
        }).ToList();
        var created = await D365(context).BatchAsync(credentials.Value!, rows, ct);
        var document = payload["document"]!.GetValue<string>();
        return created.IsOk
            ? ConnectorResult<PostOutcome>.Ok(new PostOutcome(journal.Value!, Detail: $"$batch: {rows.Count} lines of voucher {document} into journal {journal.Value}"))
            : created.Failure!;
    }

    /// <summary>The run's journal header (one per <see cref="FlowContext"/>): its batch number, assigned by D365.</summary>
    private async Task<ConnectorResult<string>> OpenJournalAsync(D365Client d365, D365Credentials credentials, string journalName, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var header = new JsonObject { ["dataAreaId"] = credentials.LegalEntity, ["JournalName"] = journalName, ["Description"] = $"Ramp card spend {today}" };
        var created = await d365.CreateAsync(credentials, "LedgerJournalHeaders", header, ct);
        return created.IsOk ? ConnectorResult<string>.Ok(created.Value.GetProperty("JournalBatchNumber").GetString()!) : created.Failure!;
    }

    /// <summary>The typed client from the batch's scope: the flow is a singleton and must not pin one HttpClient forever.</summary>
    private static D365Client D365(FlowContext context) => context.Services.GetRequiredService<D365Client>();

}
