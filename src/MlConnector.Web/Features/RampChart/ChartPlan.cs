using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampChart;

/// <summary>A change to an item Ramp already has: rename, recode, reactivate or show again (or hide, for options).</summary>
public sealed record ChartUpdate(RampChartItem Item, RampChartPatch Patch, string Name);

/// <summary>
/// What to write so Ramp's list matches the ERP, matched by remote id (the ERP id): upload what is new and active,
/// patch what changed or came back, retire what disappeared or became inactive. Ramp items without a remote id were
/// not uploaded by an ERP connector (Ramp creates some itself) and are left alone.
/// </summary>
public sealed record ChartPlan(IReadOnlyList<ChartEntry> Creates, IReadOnlyList<ChartUpdate> Updates, IReadOnlyList<ChartUpdate> Retires, int Unchanged)
{
    public const string Hidden = "HIDDEN";
    public const string Visible = "VISIBLE";

    /// <param name="hide">Options: retire by hiding (they may carry history) instead of deleting, and show them when they return.</param>
    /// <param name="compareCodes">Ramp's vendor upload takes no code, so vendor codes are not ours to keep in step.</param>
    public static ChartPlan For(IReadOnlyList<ChartEntry> erp, IReadOnlyList<RampChartItem> ramp, bool hide, bool compareCodes)
    {
        var wanted = erp.GroupBy(e => e.RemoteId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var held = ramp.Where(r => r.RemoteId.Length > 0).GroupBy(r => r.RemoteId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        List<ChartEntry> creates = [];
        List<ChartUpdate> updates = [], retires = [];
        var unchanged = 0;
        foreach (var id in wanted.Keys.Union(held.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var entry = wanted.GetValueOrDefault(id);
            var item = held.GetValueOrDefault(id);
            if (entry is { Active: true } && item is null) creates.Add(entry);
            else if (entry is { Active: true } && Update(entry, item!, hide, compareCodes) is { } patch) updates.Add(new(item!, patch, entry.Name));
            else if (entry is not { Active: true } && item is not null && Retire(item, hide) is { } retire) retires.Add(new(item, retire, entry?.Name ?? item.Name));
            else unchanged++;
        }
        return new(creates, updates, retires, unchanged);
    }

    private static RampChartPatch? Update(ChartEntry entry, RampChartItem item, bool hide, bool compareCodes)
    {
        var patch = new RampChartPatch(
            Name: item.Name != entry.Name ? entry.Name : null,
            Code: compareCodes && (item.Code ?? "") != entry.Code ? entry.Code : null,
            Reactivate: !item.IsActive,
            Visibility: hide && item.Visibility == Hidden ? Visible : null);
        return patch == new RampChartPatch() ? null : patch;
    }

    /// <summary>DELETE (an empty patch) for accounts and vendors, a hiding PATCH for options; null when already retired.</summary>
    private static RampChartPatch? Retire(RampChartItem item, bool hide) => hide
        ? item.IsActive && item.Visibility != Hidden ? new RampChartPatch(Visibility: Hidden) : null
        : item.IsActive ? new RampChartPatch() : null;
}
