using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Mappings;

/// <summary>
/// Brings the mapping rows up to date with the last pulls: a row for every source value (new values added,
/// vanished ones flagged, never deleted: their history stays) and a fresh suggestion for each unmapped one.
/// Runs after every reference-data pull and on demand.
/// </summary>
public sealed class MappingRefresh(IDbContextFactory<AppDbContext> dbFactory, MappingTargets targets, CurrentWorkspace current) : IReferencePullListener
{
    // After a pull: whoever may pull keeps the rows in step, whether or not they may edit mappings.
    public async Task PulledAsync(Guid integrationId, CancellationToken ct) => await RefreshAllAsync(integrationId, ct);

    /// <summary>"Refresh suggestions" on the mappings page.</summary>
    public async Task<int> RefreshAsync(Guid integrationId, CancellationToken ct = default)
    {
        current.Demand(Permission.EditMappings, "refresh mapping suggestions");
        return await RefreshAllAsync(integrationId, ct);
    }

    private async Task<int> RefreshAllAsync(Guid integrationId, CancellationToken ct)
    {
        var grids = new List<(MappingKind, string)> { (MappingKind.GlAccount, ""), (MappingKind.Vendor, "") };
        grids.AddRange((await targets.DimensionsAsync(integrationId, ct)).Select(g => (MappingKind.Dimension, g)));
        IntegrationKind integrationKind;
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) integrationKind = await MappingTargets.KindOfAsync(db, integrationId, ct);
        var rows = 0;
        foreach (var (kind, group) in grids) rows += await RefreshAsync(integrationId, integrationKind, kind, group, ct);
        return rows;
    }

    private async Task<int> RefreshAsync(Guid integrationId, IntegrationKind integrationKind, MappingKind kind, string group, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var side = MappingSides.Source(integrationKind, kind);
        var sourceItems = db.ReferenceItems.AsNoTracking().Where(i => i.IntegrationId == integrationId && i.System == side.System && i.Kind == side.Kind);
        // A Ramp field maps to the ERP dimension of the same name, whatever its case.
        if (kind == MappingKind.Dimension) sourceItems = sourceItems.Where(i => i.Group.ToLower() == group.ToLower());
        var sources = await sourceItems.Select(i => new MappingValue(i.ExternalId, i.Code, i.Name)).ToListAsync(ct);
        var suggester = new MappingSuggester(await MappingTargets.Items(db, integrationId, integrationKind, kind, group).Where(i => i.Active).Select(i => new MappingValue(i.ExternalId, i.Code, i.Name)).ToListAsync(ct));

        var entries = await db.MappingEntries.Where(e => e.IntegrationId == integrationId && e.Kind == kind && e.Group == group)
            .ToDictionaryAsync(e => e.SourceKey, StringComparer.Ordinal, ct);
        var held = (await db.MappingHolds.Where(h => h.IntegrationId == integrationId && h.Kind == kind && h.Group == group)
            .Select(h => h.SourceKey).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources.DistinctBy(s => s.Id))
        {
            listed.Add(source.Id);
            if (!entries.TryGetValue(source.Id, out var entry))
            {
                entry = new MappingEntry { IntegrationId = integrationId, Kind = kind, Group = group, SourceKey = source.Id };
                db.MappingEntries.Add(entry);
                entries[source.Id] = entry;
            }
            (entry.SourceCode, entry.SourceName, entry.SourcePresent) = (source.Code, source.Name, true);
        }
        foreach (var entry in entries.Values)
        {
            // Values known only from held records stay present: no pull lists them, yet documents carry them.
            if (!listed.Contains(entry.SourceKey)) entry.SourcePresent = held.Contains(entry.SourceKey);
            var suggestion = suggester.Suggest(new MappingValue(entry.SourceKey, entry.SourceCode, entry.SourceName));
            (entry.SuggestedTargetId, entry.SuggestionConfidence, entry.SuggestionReason) =
                (suggestion?.TargetId, suggestion?.Confidence ?? 0, suggestion?.Reason);
        }
        await db.SaveChangesAsync(ct);
        return entries.Count;
    }
}
