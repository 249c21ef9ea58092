using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Mappings;

/// <summary>Told, after a mapping change commits, which held records it released (the sync engine re-queues them).</summary>
public interface IMappingReleaseListener
{
    Task ReleasedAsync(Guid integrationId, IReadOnlyList<string> recordKeys, CancellationToken ct);
}

/// <summary>
/// Reads and changes the mappings of the current workspace's integrations: grid pages, target choices, edits
/// (validated all together, applied all or nothing, each change kept in the history) and bulk acceptance.
/// </summary>
public sealed class MappingService(
    IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, MappingTargets targets,
    IEnumerable<IMappingReleaseListener> listeners, TimeProvider clock)
{
    public async Task<IReadOnlyList<MappingTab>> TabsAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.MappingEntries.Where(e => e.IntegrationId == integrationId && e.SourcePresent)
            .GroupBy(e => new { e.Kind, e.Group })
            .Select(g => new { g.Key.Kind, g.Key.Group, Sources = g.Count(), Mapped = g.Count(e => e.TargetId != null),
                Suggested = g.Count(e => e.TargetId == null && e.SuggestedTargetId != null) })
            .ToListAsync(ct);
        var groups = await targets.DimensionsAsync(integrationId, ct);
        var tabs = new List<MappingTab>();
        foreach (var (kind, group) in new[] { (MappingKind.GlAccount, "") }.Concat(groups.Select(g => (MappingKind.Dimension, g))).Append((MappingKind.Vendor, "")))
        {
            var count = counts.FirstOrDefault(c => c.Kind == kind && c.Group == group);
            tabs.Add(new MappingTab(kind, group, MappingSides.Label(kind, group), count?.Sources ?? 0, count?.Mapped ?? 0, count?.Suggested ?? 0));
        }
        return tabs;
    }

    public async Task<MappingPage> PageAsync(Guid integrationId, MappingQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.MappingEntries.AsNoTracking().Where(e => e.IntegrationId == integrationId && e.Kind == query.Kind && e.Group == query.Group);
        rows = query.Filter switch
        {
            MappingFilter.Unmapped => rows.Where(e => e.TargetId == null),
            MappingFilter.Mapped => rows.Where(e => e.TargetId != null),
            MappingFilter.WithSuggestion => rows.Where(e => e.TargetId == null && e.SuggestedTargetId != null),
            _ => rows,
        };
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not.
            rows = rows.Where(e => e.SourceCode.ToLower().Contains(term) || e.SourceName.ToLower().Contains(term));
        }
        var count = await rows.CountAsync(ct);
        rows = (query.Sort, query.Descending) switch
        {
            (MappingSort.SourceName, false) => rows.OrderBy(e => e.SourceName).ThenBy(e => e.Id),
            (MappingSort.SourceName, true) => rows.OrderByDescending(e => e.SourceName).ThenBy(e => e.Id),
            (MappingSort.Confidence, false) => rows.OrderBy(e => e.SuggestionConfidence).ThenBy(e => e.Id),
            (MappingSort.Confidence, true) => rows.OrderByDescending(e => e.SuggestionConfidence).ThenBy(e => e.Id),
            (MappingSort.ChangedAt, false) => rows.OrderBy(e => e.ChangedAt).ThenBy(e => e.Id),
            (MappingSort.ChangedAt, true) => rows.OrderByDescending(e => e.ChangedAt).ThenBy(e => e.Id),
            (_, true) => rows.OrderByDescending(e => e.SourceCode).ThenBy(e => e.Id),
            _ => rows.OrderBy(e => e.SourceCode).ThenBy(e => e.Id),
        };
        var page = await rows.Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        var shown = await targets.FindAsync(integrationId, query.Kind, query.Group,
            page.SelectMany(e => new[] { e.TargetId, e.SuggestedTargetId }).OfType<string>().ToHashSet(), ct);
        return new MappingPage(page.Select(e => new MappingRow(e.Id, e.SourceKey, e.SourceCode, e.SourceName, e.SourcePresent,
            e.SuggestedTargetId is { } s ? shown.GetValueOrDefault(s) : null, e.SuggestionConfidence, e.SuggestionReason,
            e.TargetId is { } t ? shown.GetValueOrDefault(t) ?? new TargetOption(t, t, "(no longer in the ERP)", false) : null,
            e.ChangedBy, e.ChangedAt, e.Version)).ToList(), count);
    }

    /// <summary>
    /// Applies <paramref name="edits"/> to one grid, or none of them if any is invalid: an unknown or repeated
    /// source, a target the ERP does not list, or one that is inactive or suspended there.
    /// </summary>
    public async Task<MappingResult> SetAsync(Guid integrationId, MappingKind kind, string group, IReadOnlyList<MappingEdit> edits,
        string actor, MappingOrigin origin, CancellationToken ct = default, IReadOnlyList<int>? lines = null)
    {
        current.Demand(Permission.EditMappings, "change mappings");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (entries, errors) = await ValidateAsync(db, integrationId, kind, group, edits, lines, ct);
        if (errors.Count > 0) return new MappingResult(errors, 0, 0, []);

        var now = clock.GetUtcNow();
        var changes = edits.Where(e => entries[e.SourceKey].TargetId != e.TargetId).Select(e => new MappingChange
        {
            IntegrationId = integrationId, Kind = kind, Group = group, SourceKey = e.SourceKey, OldTargetId = entries[e.SourceKey].TargetId,
            NewTargetId = e.TargetId, Origin = origin, ChangedBy = actor, ChangedAt = now,
        }).ToList();
        if (changes.Count == 0) return new MappingResult([], 0, await VersionAsync(db, integrationId, ct), []);
        db.MappingChanges.AddRange(changes);
        await db.SaveChangesAsync(ct);
        foreach (var change in changes)
        {
            var entry = entries[change.SourceKey];
            (entry.TargetId, entry.ChangedBy, entry.ChangedAt, entry.Version) = (change.NewTargetId, actor, now, change.Id);
        }
        var released = await MappingHolds.ReleaseAsync(db, integrationId, kind, group,
            changes.Where(c => c.NewTargetId is not null).Select(c => c.SourceKey).ToList(), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (released.Count > 0)
            foreach (var listener in listeners) await listener.ReleasedAsync(integrationId, released, ct);
        return new MappingResult([], changes.Count, changes.Max(c => c.Id), released);
    }

    /// <summary>The errors <see cref="SetAsync"/> would report for <paramref name="edits"/>, changing nothing.</summary>
    public async Task<IReadOnlyList<MappingError>> CheckAsync(Guid integrationId, MappingKind kind, string group, IReadOnlyList<MappingEdit> edits,
        IReadOnlyList<int>? lines, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await ValidateAsync(db, integrationId, kind, group, edits, lines, ct)).Errors;
    }

    private async Task<(Dictionary<string, MappingEntry> Entries, List<MappingError> Errors)> ValidateAsync(AppDbContext db, Guid integrationId,
        MappingKind kind, string group, IReadOnlyList<MappingEdit> edits, IReadOnlyList<int>? lines, CancellationToken ct)
    {
        var keys = edits.Select(e => e.SourceKey).ToHashSet(StringComparer.Ordinal);
        var entries = await db.MappingEntries.Where(e => e.IntegrationId == integrationId && e.Kind == kind && e.Group == group && keys.Contains(e.SourceKey))
            .ToDictionaryAsync(e => e.SourceKey, StringComparer.Ordinal, ct);
        var known = await targets.FindAsync(integrationId, kind, group, edits.Select(e => e.TargetId).OfType<string>().ToHashSet(), ct);
        var errors = new List<MappingError>();
        var firstLine = new Dictionary<string, int?>(StringComparer.Ordinal);
        for (var i = 0; i < edits.Count; i++)
        {
            var (edit, line) = (edits[i], lines?[i]);
            if (!firstLine.TryAdd(edit.SourceKey, line))
                errors.Add(new(line, edit.SourceKey, $"'{edit.SourceKey}' appears more than once{(firstLine[edit.SourceKey] is { } first ? $" (first on line {first})" : "")}."));
            else if (!entries.ContainsKey(edit.SourceKey))
                errors.Add(new(line, edit.SourceKey, $"'{edit.SourceKey}' is not a known {MappingSides.Label(kind, group)} source value."));
            if (edit.TargetId is null) continue;
            if (!known.TryGetValue(edit.TargetId, out var target))
                errors.Add(new(line, edit.SourceKey, $"Target '{edit.TargetId}' does not exist in the ERP's {MappingSides.Label(kind, group)} (pull reference data if it is new)."));
            else if (!target.Active)
                errors.Add(new(line, edit.SourceKey, $"Target '{target.Label}' is inactive or suspended in the ERP and cannot be chosen."));
        }
        return (entries, errors);
    }

    /// <summary>Accepts every open suggestion of one grid at or above <paramref name="minimumConfidence"/>.</summary>
    public async Task<MappingResult> AcceptSuggestionsAsync(Guid integrationId, MappingKind kind, string group, int minimumConfidence,
        string actor, CancellationToken ct = default)
    {
        // Checked here too: with nothing to accept the call would otherwise answer "0 accepted" to anyone.
        current.Demand(Permission.EditMappings, "accept mapping suggestions");
        List<MappingEdit> edits;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            edits = await db.MappingEntries.Where(e => e.IntegrationId == integrationId && e.Kind == kind && e.Group == group
                    && e.TargetId == null && e.SuggestedTargetId != null && e.SuggestionConfidence >= minimumConfidence)
                .Select(e => new MappingEdit(e.SourceKey, e.SuggestedTargetId)).ToListAsync(ct);
        }
        // A suggestion made before the ERP suspended its target is skipped rather than failing the whole batch.
        var active = await targets.FindAsync(integrationId, kind, group, edits.Select(e => e.TargetId!).ToHashSet(), ct);
        edits = edits.Where(e => active.TryGetValue(e.TargetId!, out var t) && t.Active).ToList();
        return edits.Count == 0 ? new MappingResult([], 0, 0, []) : await SetAsync(integrationId, kind, group, edits, actor, MappingOrigin.Suggestion, ct);
    }

    internal static async Task<long> VersionAsync(AppDbContext db, Guid integrationId, CancellationToken ct) =>
        await db.MappingChanges.Where(c => c.IntegrationId == integrationId).MaxAsync(c => (long?)c.Id, ct) ?? 0;
}
