using System.Text.Json;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Visma;
using static MlConnector.Web.Features.ReferenceData.ReferenceJson;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>
/// Reads a Visma.net company's master data: the chart (<c>v1/account</c>), suppliers (<c>v1/supplier</c>) and the
/// values of every dimension's segments (<c>v1/dimension</c>), each list to its last page.
/// </summary>
/// <remarks>
/// A Visma dimension is a segmented key: SUBACCOUNT is typically segment 1 = department, segment 2 = cost centre
/// (contract §6.4), and a line names each segment separately (<c>{segmentId, segmentValue}</c>). So a value's
/// <see cref="ReferenceItem.Group"/> is the dimension and its segment, <c>"SUBACCOUNT/1"</c>: one list to choose
/// from per segment, as a Dynamics dimension is one list, and a value id used in two segments stays two items.
/// </remarks>
public sealed class VismaReferenceReader(VismaClient visma)
{
    /// <summary>Statuses under which no document may be entered for the supplier; the others can still be chosen.</summary>
    private static readonly string[] BlockedStatuses = ["Inactive", "OnHold"];

    public async Task<ConnectorResult<IReadOnlyList<ReferenceRow>>> ReadAsync(VismaCredentials credentials, CancellationToken ct)
    {
        var token = await visma.GetTokenAsync(credentials, ct);
        if (!token.IsOk) return token.Failure!;
        var rows = new List<ReferenceRow>();

        var accounts = await visma.ListAllAsync(credentials, token.Value!, "v1/account", ct);
        if (!accounts.IsOk) return accounts.Failure!;
        rows.AddRange(accounts.Value!.Select(a => new ReferenceRow(ReferenceKind.GlAccount, "", Text(a, "accountCD"), Text(a, "accountCD"),
            Text(a, "description"), Bool(a, "active", true), a.GetRawText())));

        var suppliers = await visma.ListAllAsync(credentials, token.Value!, "v1/supplier", ct);
        if (!suppliers.IsOk) return suppliers.Failure!;
        rows.AddRange(suppliers.Value!.Select(s => new ReferenceRow(ReferenceKind.Vendor, "", Text(s, "number"), Text(s, "number"), Text(s, "name"),
            !BlockedStatuses.Contains(Text(s, "status"), StringComparer.OrdinalIgnoreCase), s.GetRawText())));

        var dimensions = await visma.ListAllAsync(credentials, token.Value!, "v1/dimension", ct);
        if (!dimensions.IsOk) return dimensions.Failure!;
        foreach (var dimension in dimensions.Value!)
        {
            var dimensionId = Text(dimension, "id");
            foreach (var segmentId in Segments(dimension))
            {
                // Read each segment on its own: the list may not carry the values, and the segment read always does.
                var segment = await visma.GetAsync(credentials, token.Value!, $"v1/dimension/{Uri.EscapeDataString(dimensionId)}/{segmentId}", ct);
                if (!segment.IsOk) return segment.Failure!;
                rows.AddRange(Values(segment.Value).Select(v => new ReferenceRow(ReferenceKind.DimensionValue, $"{dimensionId}/{segmentId}",
                    Text(v, "valueId"), Text(v, "valueId"), Text(v, "description"), Bool(v, "active", true), v.GetRawText())));
            }
        }
        return ConnectorResult<IReadOnlyList<ReferenceRow>>.Ok(rows);
    }

    private static IEnumerable<string> Segments(JsonElement dimension) =>
        dimension.TryGetProperty("segments", out var segments) && segments.ValueKind == JsonValueKind.Array
            ? segments.EnumerateArray().Select(s => Text(s, "segmentId")).Where(id => id.Length > 0)
            : [];

    private static IEnumerable<JsonElement> Values(JsonElement segment) =>
        segment.ValueKind == JsonValueKind.Object && segment.TryGetProperty("segmentValues", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray()
            : [];
}
