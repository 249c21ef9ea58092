using System.Text.Json;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;
using static MlConnector.Web.Features.ReferenceData.ReferenceJson;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>One row of master data, before it is stored as a <see cref="ReferenceItem"/>.</summary>
public sealed record ReferenceRow(ReferenceKind Kind, string Group, string ExternalId, string Code, string Name, bool Active, string RawJson);

/// <summary>Reads an F&amp;O environment's master data: legal entities, main accounts, the legal entity's vendors, dimension values.</summary>
public sealed class D365ReferenceReader(D365Client d365)
{
    public async Task<ConnectorResult<IReadOnlyList<ReferenceRow>>> ReadAsync(D365Credentials credentials, CancellationToken ct)
    {
        var rows = new List<ReferenceRow>();
        var company = credentials.LegalEntity.Replace("'", "''", StringComparison.Ordinal);
        var reads = new (string Query, Func<JsonElement, ReferenceRow?> Map)[]
        {
            ("LegalEntities?cross-company=true", e => new(ReferenceKind.LegalEntity, "", Text(e, "LegalEntityId"), Text(e, "LegalEntityId"), Text(e, "Name"), true, e.GetRawText())),
            ("MainAccounts", a => new(ReferenceKind.GlAccount, "", Text(a, "MainAccountId"), Text(a, "MainAccountId"), Text(a, "Name"), Text(a, "IsSuspended") != "Yes", a.GetRawText())),
            ($"VendorsV2?cross-company=true&$filter=dataAreaId eq '{company}'", v => new(ReferenceKind.Vendor, "", Text(v, "VendorAccountNumber"),
                Text(v, "VendorAccountNumber"), Text(v, "VendorOrganizationName"), Text(v, "OnHoldStatus") == "No", v.GetRawText())),
            // Values of every financial dimension (Department, CostCenter, …); MainAccount is the chart itself.
            ("FinancialDimensionValues", d => Text(d, "FinancialDimension") == "MainAccount" ? null : new(ReferenceKind.DimensionValue, Text(d, "FinancialDimension"),
                Text(d, "DimensionValue"), Text(d, "DimensionValue"), Text(d, "Description"), Text(d, "IsSuspended") != "Yes", d.GetRawText())),
        };
        foreach (var (query, map) in reads)
        {
            var read = await d365.ReadAllAsync(credentials, query, ct);
            if (!read.IsOk) return read.Failure!;
            rows.AddRange(read.Value!.Select(map).OfType<ReferenceRow>());
        }
        return ConnectorResult<IReadOnlyList<ReferenceRow>>.Ok(rows);
    }
}
