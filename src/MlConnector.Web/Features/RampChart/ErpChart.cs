using MlConnector.Web.Features.ReferenceData;

namespace MlConnector.Web.Features.RampChart;

/// <summary>One item as the ERP wants it in Ramp. <paramref name="Classification"/> is set for GL accounts only.</summary>
public sealed record ChartEntry(string RemoteId, string Name, string Code, bool Active, string? Classification = null);

/// <summary>The ERP's side of Ramp's chart, from the reference items of the last pull.</summary>
public sealed record ErpChart(IReadOnlyList<ChartEntry> Accounts, IReadOnlyList<ChartEntry> Vendors, IReadOnlyDictionary<string, IReadOnlyList<ChartEntry>> Dimensions)
{
    public bool IsEmpty => Accounts.Count == 0 && Vendors.Count == 0 && Dimensions.Count == 0;

    public static ErpChart From(IReadOnlyList<ReferenceItem> items)
    {
        var accounts = items.Where(i => i.Kind == ReferenceKind.GlAccount)
            .Select(i => Entry(i) with { Active = i.Active && GlClassification.IsPostable(i.RawJson), Classification = GlClassification.From(i.RawJson) });
        var dimensions = items.Where(i => i.Kind == ReferenceKind.DimensionValue && i.Group.Length > 0)
            .GroupBy(i => i.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ChartEntry>)g.Select(Entry).OrderBy(e => e.RemoteId, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return new(
            accounts.OrderBy(e => e.RemoteId, StringComparer.Ordinal).ToList(),
            items.Where(i => i.Kind == ReferenceKind.Vendor).Select(Entry).OrderBy(e => e.RemoteId, StringComparer.Ordinal).ToList(),
            dimensions);
    }

    // Ramp requires a name; a value the ERP left undescribed is still known by its code.
    private static ChartEntry Entry(ReferenceItem item) =>
        new(item.ExternalId, item.Name.Trim() is { Length: > 0 } name ? name : item.Code.Trim(), item.Code.Trim(), item.Active);
}
