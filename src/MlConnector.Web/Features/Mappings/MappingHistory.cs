using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Mappings;

/// <summary>
/// An integration's mappings as of one version. The version is the id of the last change included, so a record
/// that stores the version it was mapped with can later show exactly which targets it used.
/// </summary>
public sealed record MappingSnapshot(long Version, IReadOnlyDictionary<(MappingKind Kind, string Group, string SourceKey), string> Targets)
{
    public string? TargetOf(MappingKind kind, string group, string sourceKey) => Targets.GetValueOrDefault((kind, group, sourceKey));
}

/// <summary>Reads the append-only change log: a mapping's history, and any past version of the whole set.</summary>
public sealed class MappingHistory(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<MappingChange>> ChangesAsync(Guid integrationId, MappingKind kind, string group, string? sourceKey = null,
        int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changes = db.MappingChanges.AsNoTracking().Where(c => c.IntegrationId == integrationId && c.Kind == kind && c.Group == group);
        if (sourceKey is not null) changes = changes.Where(c => c.SourceKey == sourceKey);
        return await changes.OrderByDescending(c => c.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>The mappings now (no <paramref name="version"/>) or as they stood at <paramref name="version"/>.</summary>
    public async Task<MappingSnapshot> SnapshotAsync(Guid integrationId, long? version = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (version is null)
        {
            var current = await db.MappingEntries.AsNoTracking().Where(e => e.IntegrationId == integrationId && e.TargetId != null)
                .Select(e => new { e.Kind, e.Group, e.SourceKey, e.TargetId }).ToListAsync(ct);
            return new MappingSnapshot(await MappingService.VersionAsync(db, integrationId, ct),
                current.ToDictionary(e => (e.Kind, e.Group, e.SourceKey), e => e.TargetId!));
        }
        // Replaying the log up to the version: the last change per value wins; a clearing change removes it.
        var changes = await db.MappingChanges.AsNoTracking().Where(c => c.IntegrationId == integrationId && c.Id <= version)
            .OrderBy(c => c.Id).Select(c => new { c.Kind, c.Group, c.SourceKey, c.NewTargetId }).ToListAsync(ct);
        var targets = new Dictionary<(MappingKind, string, string), string>();
        foreach (var change in changes)
        {
            if (change.NewTargetId is null) targets.Remove((change.Kind, change.Group, change.SourceKey));
            else targets[(change.Kind, change.Group, change.SourceKey)] = change.NewTargetId;
        }
        return new MappingSnapshot(version.Value, targets);
    }
}
