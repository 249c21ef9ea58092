using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Tests.Sync;

/// <summary>
/// A small real flow for engine tests: a Ramp bill (the production source: real GETs to the simulator) becomes a pending
/// vendor invoice header in the D365 simulator (real POSTs, real lookups by natural key). The vendor comes from the
/// vendor mapping, so a missing one blocks. The full bill flow (lines, dimensions, payments) is issue 7's.
/// </summary>
public sealed class LedgerProbeFlow(RampBillSource bills, D365Client d365) : ISyncFlow
{
    public const string FlowName = "test.ramp-bill-header";

    public string Name => FlowName;

    public IntegrationKind Kind => IntegrationKind.RampD365;

    public ISyncSource Source => bills;

    public FlowMapping Map(FlowContext context, SourceDocument document, MappingSnapshot mappings)
    {
        using var json = JsonDocument.Parse(document.Snapshot);
        var bill = json.RootElement;
        var number = bill.GetProperty("invoice_number").GetString();
        if (string.IsNullOrWhiteSpace(number)) return FlowMapping.Refused("The bill has no invoice number.", "Add the invoice number in Ramp.");
        var vendor = bill.GetProperty("vendor");
        var vendorId = vendor.GetProperty("id").GetString()!;
        if (mappings.TargetOf(MappingKind.Vendor, "", vendorId) is not { } account)
            return FlowMapping.Lacks([new MissingMapping(MappingKind.Vendor, "", vendorId, vendor.GetProperty("name").GetString()!, vendor.GetProperty("name").GetString()!)]);
        var payload = new JsonObject
        {
            ["InvoiceNumber"] = number, ["InvoiceAccount"] = account,
            ["InvoiceDate"] = bill.GetProperty("issued_at").GetString()![..10], ["InvoiceDescription"] = $"Ramp bill {bill.GetProperty("id").GetString()}",
        };
        return FlowMapping.Ready(payload.ToJsonString(), $"{account}/{number}");
    }

    public async Task<ConnectorResult<string?>> FindAsync(FlowContext context, SyncRecord record, CancellationToken ct)
    {
        var credentials = await CredentialsAsync(context, ct);
        var payload = JsonNode.Parse(record.MappedPayload!)!;
        var filter = $"dataAreaId eq '{credentials.LegalEntity}' and InvoiceAccount eq '{Quote(payload["InvoiceAccount"]!)}' and InvoiceNumber eq '{Quote(payload["InvoiceNumber"]!)}'";
        var rows = await d365.GetRowsAsync(credentials, $"VendorInvoiceHeaders?cross-company=true&$filter={Uri.EscapeDataString(filter)}", ct);
        return rows.IsOk ? ConnectorResult<string?>.Ok(rows.Value!.Select(r => r.GetProperty("HeaderReference").GetString()).FirstOrDefault()) : rows.Failure!;
    }

    public async Task<IReadOnlyList<ConnectorResult<PostOutcome>>> PostAllAsync(FlowContext context, IReadOnlyList<SyncRecord> records, CancellationToken ct) =>
        await Task.WhenAll(records.Select(record => PostAsync(context, record, ct)));

    private async Task<ConnectorResult<PostOutcome>> PostAsync(FlowContext context, SyncRecord record, CancellationToken ct)
    {
        var credentials = await CredentialsAsync(context, ct);
        var row = JsonNode.Parse(record.MappedPayload!)!.AsObject();
        row["dataAreaId"] = credentials.LegalEntity;
        var created = await d365.CreateAsync(credentials, "VendorInvoiceHeaders", row, ct);
        return created.IsOk
            ? ConnectorResult<PostOutcome>.Ok(new PostOutcome(created.Value.GetProperty("HeaderReference").GetString()!, Detail: $"POST VendorInvoiceHeaders → {created.Value.GetProperty("HeaderReference").GetString()}"))
            : created.Failure!;
    }

    private static string Quote(JsonNode value) => value.GetValue<string>().Replace("'", "''", StringComparison.Ordinal);

    private static async Task<D365Credentials> CredentialsAsync(FlowContext context, CancellationToken ct) =>
        (await D365Connection.CredentialsAsync(context, ct)).Value ?? throw new InvalidOperationException("The test integration has no D365 connection.");
}
