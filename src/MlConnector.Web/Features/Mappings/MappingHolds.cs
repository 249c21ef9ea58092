using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Mappings;

/// <summary>A source value a record needs but no mapping provides yet.</summary>
public sealed record MissingMapping(MappingKind Kind, string Group, string SourceKey, string SourceCode, string SourceName);

/// <summary>One unmapped value and how many records wait for it ("GL 6410 → 43 bills held").</summary>
public sealed record MappingGap(MappingKind Kind, string Group, string SourceKey, string SourceCode, string SourceName, int RecordsHeld);

/// <summary>Per grid: values without a target, and the records those gaps hold back.</summary>
public sealed record MappingCoverage(MappingKind Kind, string Group, string Label, int Sources, int Unmapped, int RecordsHeld);

/// <summary>
/// The hook between mappings and the sync engine. The engine holds a record on the values it lacks; a value seen
/// only on records (not in any pull) gets a mapping row here, so finance can map it. Mapping a value deletes
/// its holds, and a record with no hold left is released (see <see cref="MappingService.SetAsync"/>).
/// </summary>
public sealed class MappingHolds(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Holds <paramref name="recordKey"/> on the values that are still unmapped; returns those (empty: map it now).</summary>
    public async Task<IReadOnlyList<MissingMapping>> HoldAsync(Guid integrationId, string recordKey, IReadOnlyList<MissingMapping> missing,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var held = new List<MissingMapping>();
        foreach (var gap in missing.DistinctBy(m => (m.Kind, m.Group, m.SourceKey)))
        {
            var entry = await db.MappingEntries.SingleOrDefaultAsync(e => e.IntegrationId == integrationId && e.Kind == gap.Kind
                && e.Group == gap.Group && e.SourceKey == gap.SourceKey, ct);
            if (entry?.TargetId is not null) continue;
            if (entry is null)
                db.MappingEntries.Add(new MappingEntry
                {
                    IntegrationId = integrationId, Kind = gap.Kind, Group = gap.Group, SourceKey = gap.SourceKey, SourceCode = gap.SourceCode,
                    SourceName = gap.SourceName,
                });
            if (!await db.MappingHolds.AnyAsync(h => h.IntegrationId == integrationId && h.Kind == gap.Kind && h.Group == gap.Group
                    && h.SourceKey == gap.SourceKey && h.RecordKey == recordKey, ct))
                db.MappingHolds.Add(new MappingHold
                {
                    IntegrationId = integrationId, Kind = gap.Kind, Group = gap.Group, SourceKey = gap.SourceKey, RecordKey = recordKey, HeldAt = clock.GetUtcNow(),
                });
            held.Add(gap);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return held;
    }

    /// <summary>Drops what still holds <paramref name="recordKey"/> (it mapped completely after all, or left the flow).</summary>
    public async Task ClearAsync(Guid integrationId, string recordKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.MappingHolds.Where(h => h.IntegrationId == integrationId && h.RecordKey == recordKey).ExecuteDeleteAsync(ct);
    }

    /// <summary>Unmapped values that hold records, most records first.</summary>
    public async Task<IReadOnlyList<MappingGap>> GapsAsync(Guid integrationId, int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var gaps = await db.MappingEntries.Where(e => e.IntegrationId == integrationId && e.TargetId == null)
            .Select(e => new
            {
                e.Kind, e.Group, e.SourceKey, e.SourceCode, e.SourceName,
                Held = db.MappingHolds.Count(h => h.IntegrationId == e.IntegrationId && h.Kind == e.Kind && h.Group == e.Group && h.SourceKey == e.SourceKey),
            })
            .Where(g => g.Held > 0).OrderByDescending(g => g.Held).ThenBy(g => g.SourceCode).Take(take).ToListAsync(ct);
        return gaps.Select(g => new MappingGap(g.Kind, g.Group, g.SourceKey, g.SourceCode, g.SourceName, g.Held)).ToList();
    }

    /// <summary>Per grid: how many source values are unmapped and how many distinct records they hold.</summary>
    public async Task<IReadOnlyList<MappingCoverage>> CoverageAsync(Guid integrationId, IReadOnlyList<MappingTab> tabs, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var held = await db.MappingHolds.Where(h => h.IntegrationId == integrationId)
            .GroupBy(h => new { h.Kind, h.Group }).Select(g => new { g.Key.Kind, g.Key.Group, Records = g.Select(h => h.RecordKey).Distinct().Count() })
            .ToListAsync(ct);
        return tabs.Select(t => new MappingCoverage(t.Kind, t.Group, t.Label, t.Sources, t.Sources - t.Mapped,
            held.FirstOrDefault(h => h.Kind == t.Kind && h.Group == t.Group)?.Records ?? 0)).ToList();
    }

    /// <summary>Deletes the holds on <paramref name="keys"/>; returns the records left with no hold at all.</summary>
    internal static async Task<IReadOnlyList<string>> ReleaseAsync(AppDbContext db, Guid integrationId, MappingKind kind, string group,
        IReadOnlyList<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return [];
        var holds = db.MappingHolds.Where(h => h.IntegrationId == integrationId && h.Kind == kind && h.Group == group && keys.Contains(h.SourceKey));
        var records = await holds.Select(h => h.RecordKey).Distinct().ToListAsync(ct);
        if (records.Count == 0) return [];
        await holds.ExecuteDeleteAsync(ct);
        var stillHeld = await db.MappingHolds.Where(h => h.IntegrationId == integrationId && records.Contains(h.RecordKey))
            .Select(h => h.RecordKey).Distinct().ToListAsync(ct);
        return records.Except(stillHeld, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
