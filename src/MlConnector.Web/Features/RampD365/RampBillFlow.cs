using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// Approved Ramp bills become pending D365 vendor invoices, header and lines in one atomic <c>$batch</c> changeset, so
/// a failure never leaves a header without its lines; the bills of a worked batch share one request. Bills Ramp already shows as synced are skipped by the source
/// (their payment is another flow's). An invoice number D365 already holds for the vendor is linked, not posted again.
/// </summary>
public sealed class RampBillFlow(RampBillSource bills) : ISyncFlow
{
    public const string FlowName = "ramp.bill→d365.vendor-invoice";

    public string Name => FlowName;

    public IntegrationKind Kind => IntegrationKind.RampD365;

    public ISyncSource Source => bills;

    public bool IsOn(Integration integration) => RampD365Settings.Of(integration).BillsOn;

    public FlowMapping Map(FlowContext context, SourceDocument document, MappingSnapshot mappings)
    {
        using var json = JsonDocument.Parse(document.Snapshot);
        return RampBillMapping.Map(json.RootElement, mappings, RampD365Settings.Of(context.Integration));
    }

    public async Task<ConnectorResult<string?>> FindAsync(FlowContext context, SyncRecord record, CancellationToken ct)
    {
        var credentials = await D365Connection.CredentialsAsync(context, ct);
        if (!credentials.IsOk) return credentials.Failure!;
        var header = Payload(record).Header;
        return await FindAsync(context, credentials.Value!, Text(header, "InvoiceAccount"), Text(header, "InvoiceNumber"), ct);
    }

    /// <summary>Every bill of the batch in one <c>$batch</c> request, each bill's header and lines one atomic changeset.</summary>
    public async Task<IReadOnlyList<ConnectorResult<PostOutcome>>> PostAllAsync(FlowContext context, IReadOnlyList<SyncRecord> records, CancellationToken ct)
    {
        var credentials = await D365Connection.CredentialsAsync(context, ct);
        if (!credentials.IsOk) return D365Posting.AllFail(records, credentials.Failure!);
        var company = credentials.Value!.LegalEntity;
        var invoices = records.Select(record =>
        {
            var (header, lines) = Payload(record);
            header["dataAreaId"] = company;
            foreach (var line in lines) line["dataAreaId"] = company;
            return (Header: header, Lines: lines);
        }).ToList();
        var created = await D365Posting.CreateAsync(context, credentials.Value, invoices.Select(i => D365BatchCreate.VendorInvoice(i.Header, i.Lines)).ToList(), ct);
        return await Task.WhenAll(invoices.Select((invoice, i) => OutcomeAsync(context, credentials.Value, invoice.Header, invoice.Lines.Count, created[i], ct)));
    }

    private static async Task<ConnectorResult<PostOutcome>> OutcomeAsync(FlowContext context, D365Credentials credentials, JsonObject header, int lines,
        ConnectorResult<IReadOnlyList<JsonElement>> created, CancellationToken ct)
    {
        if (created.IsOk)
        {
            var reference = created.Value![0].GetProperty("HeaderReference").GetString()!;
            return ConnectorResult<PostOutcome>.Ok(new PostOutcome(reference, Detail: $"POST $batch VendorInvoiceHeaders + {lines} line{(lines == 1 ? "" : "s")} → {reference}"));
        }
        if (!D365Failures.IsDuplicateInvoiceNumber(created.Failure!)) return created.Failure!;

        // D365 already has this invoice number for the vendor: the same bill posted by someone else (or keyed by hand).
        var (account, number) = (Text(header, "InvoiceAccount"), Text(header, "InvoiceNumber"));
        var existing = await FindAsync(context, credentials, account, number, ct);
        if (!existing.IsOk) return existing.Failure!;
        if (existing.Value is { } found)
            return ConnectorResult<PostOutcome>.Ok(new PostOutcome(found, AlreadyExisted: true, $"POST $batch refused: invoice number {number} is already used for vendor {account}; pending invoice {found} linked"));
        // Posted invoices leave VendorInvoiceHeaders (d365.md §6), so there is nothing to link to.
        return new ConnectorFailure(FailureKind.Permanent, $"Invoice number {number} is already used for vendor {account} in D365 (a posted invoice).",
            "If the posted invoice is this bill, mark the bill synced in Ramp; if it is another invoice, correct the invoice number in Ramp.");
    }

    private static async Task<ConnectorResult<string?>> FindAsync(FlowContext context, D365Credentials credentials, string account, string number, CancellationToken ct)
    {
        var filter = $"dataAreaId eq {D365Connection.Literal(credentials.LegalEntity)} and InvoiceAccount eq {D365Connection.Literal(account)} and InvoiceNumber eq {D365Connection.Literal(number)}";
        var rows = await context.Services.GetRequiredService<D365Client>()
            .GetRowsAsync(credentials, $"VendorInvoiceHeaders?cross-company=true&$select=HeaderReference&$filter={Uri.EscapeDataString(filter)}", ct);
        return rows.IsOk ? ConnectorResult<string?>.Ok(rows.Value!.Select(r => r.GetProperty("HeaderReference").GetString()).FirstOrDefault()) : rows.Failure!;
    }

    private static (JsonObject Header, List<JsonObject> Lines) Payload(SyncRecord record)
    {
        var payload = JsonNode.Parse(record.MappedPayload!)!.AsObject();
        return (payload["header"]!.AsObject(), payload["lines"]!.AsArray().Select(l => l!.AsObject()).ToList());
    }

    private static string Text(JsonObject row, string name) => row[name]!.GetValue<string>();

}
