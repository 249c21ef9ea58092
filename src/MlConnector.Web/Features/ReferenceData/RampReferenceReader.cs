using System.Text.Json;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;
using static MlConnector.Web.Features.ReferenceData.ReferenceJson;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>
/// Reads what Ramp holds: the chart we uploaded into its accounting connection (GL accounts, accounting vendors,
/// custom fields and their options) and Ramp's own vendors. Uploaded objects are keyed by their remote (ERP) id,
/// the one we sent; Ramp vendors by Ramp's id, since Ramp created them.
/// </summary>
public sealed class RampReferenceReader(RampClient ramp)
{
    private const string Page = "page_size=100";

    public async Task<ConnectorResult<IReadOnlyList<ReferenceRow>>> ReadAsync(RampCredentials credentials, RampToken token, CancellationToken ct)
    {
        var rows = new List<ReferenceRow>();
        var vendors = await ramp.ListAllAsync(credentials, token, $"vendors?{Page}", ct);
        if (!vendors.IsOk) return vendors.Failure!;
        rows.AddRange(vendors.Value!.Select(v => new ReferenceRow(ReferenceKind.Vendor, "", Text(v, "id"),
            Text(v, "accounting_vendor_remote_id"), Text(v, "name"), Bool(v, "is_active", true), v.GetRawText())));

        // The chart belongs to the active accounting connection: without one there is no chart yet, which is
        // normal before the integration is switched on, not a failure.
        var connection = await ramp.AccountingConnectionAsync(credentials, token, ct);
        if (!connection.IsOk) return connection.Failure!;
        if (connection.Value is null) return ConnectorResult<IReadOnlyList<ReferenceRow>>.Ok(rows);

        var reads = new (string Query, ReferenceKind Kind, string ValueProperty)[]
        {
            ($"accounting/accounts?{Page}", ReferenceKind.GlAccount, "name"),
            ($"accounting/vendors?{Page}", ReferenceKind.AccountingVendor, "name"),
        };
        foreach (var (query, kind, valueProperty) in reads)
        {
            var read = await ramp.ListAllAsync(credentials, token, query, ct);
            if (!read.IsOk) return read.Failure!;
            rows.AddRange(read.Value!.Select(item => Uploaded(item, kind, "", valueProperty)));
        }

        var fields = await ramp.ListAllAsync(credentials, token, $"accounting/fields?{Page}", ct);
        if (!fields.IsOk) return fields.Failure!;
        foreach (var field in fields.Value!)
        {
            rows.Add(new ReferenceRow(ReferenceKind.CustomField, "", Text(field, "id"), Text(field, "id"), Text(field, "name"),
                Bool(field, "is_active", true), field.GetRawText()));
            // Options are listed per field, by the field's Ramp id; they are grouped by its remote id, like everything we uploaded.
            var options = await ramp.ListAllAsync(credentials, token, $"accounting/field-options?field_id={Uri.EscapeDataString(Text(field, "ramp_id"))}&{Page}", ct);
            if (!options.IsOk) return options.Failure!;
            rows.AddRange(options.Value!.Select(option => Uploaded(option, ReferenceKind.DimensionValue, Text(field, "id"), "value")));
        }
        return ConnectorResult<IReadOnlyList<ReferenceRow>>.Ok(rows);
    }

    /// <summary>An object we uploaded: <c>id</c> is the remote id; its code when it has one, else that id.</summary>
    private static ReferenceRow Uploaded(JsonElement item, ReferenceKind kind, string group, string nameProperty) =>
        new(kind, group, Text(item, "id"), FirstText(item, "code", "id"), Text(item, nameProperty), Bool(item, "is_active", true), item.GetRawText());
}
