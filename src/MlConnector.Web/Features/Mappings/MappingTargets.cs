using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.ReferenceData;

namespace MlConnector.Web.Features.Mappings;

/// <summary>The ERP values a mapping can point at, read from the integration's last pull of the target system.</summary>
public sealed class MappingTargets(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The ERP's financial dimensions that have values (each gets a grid), in name order.</summary>
    public async Task<IReadOnlyList<string>> DimensionsAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await ItemsAsync(db, integrationId, MappingKind.Dimension, null, ct);
        return await items.Select(i => i.Group).Distinct().OrderBy(g => g).ToListAsync(ct);
    }

    /// <summary>The targets among <paramref name="ids"/> that the ERP lists, active or not.</summary>
    public async Task<IReadOnlyDictionary<string, TargetOption>> FindAsync(Guid integrationId, MappingKind kind, string group,
        IReadOnlySet<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return new Dictionary<string, TargetOption>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await ItemsAsync(db, integrationId, kind, group, ct);
        var list = ids.ToList();
        return await items.Where(i => list.Contains(i.ExternalId))
            .Select(i => new TargetOption(i.ExternalId, i.Code, i.Name, i.Active))
            .ToDictionaryAsync(t => t.Id, StringComparer.Ordinal, ct);
    }

    /// <summary>Active targets whose code or name contains <paramref name="search"/>: what the inline dropdown offers.</summary>
    public async Task<IReadOnlyList<TargetOption>> SearchAsync(Guid integrationId, MappingKind kind, string group, string? search, int take,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = (await ItemsAsync(db, integrationId, kind, group, ct)).Where(i => i.Active);
        if (!string.IsNullOrWhiteSpace(search))
        {
            // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not.
            var term = search.Trim().ToLowerInvariant();
            items = items.Where(i => i.Code.ToLower().Contains(term) || i.Name.ToLower().Contains(term));
        }
        return await items.OrderBy(i => i.Code).Take(take).Select(i => new TargetOption(i.ExternalId, i.Code, i.Name, i.Active)).ToListAsync(ct);
    }

    private static async Task<IQueryable<ReferenceItem>> ItemsAsync(AppDbContext db, Guid integrationId, MappingKind kind, string? group, CancellationToken ct) =>
        Items(db, integrationId, await KindOfAsync(db, integrationId, ct), kind, group);

    /// <summary>Every target of one grid (<paramref name="group"/> null: of every dimension).</summary>
    internal static IQueryable<ReferenceItem> Items(AppDbContext db, Guid integrationId, IntegrationKind integrationKind, MappingKind kind, string? group)
    {
        var side = MappingSides.Target(integrationKind, kind);
        var items = db.ReferenceItems.AsNoTracking().Where(i => i.IntegrationId == integrationId && i.System == side.System && i.Kind == side.Kind);
        return group is null ? items : items.Where(i => i.Group == group);
    }

    internal static Task<IntegrationKind> KindOfAsync(AppDbContext db, Guid integrationId, CancellationToken ct) =>
        db.Integrations.Where(i => i.Id == integrationId).Select(i => i.Kind).SingleAsync(ct);
}
