using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Exceptions;

/// <summary>
/// The finance exception inbox, read side: blocked documents grouped by the mapping they wait for (from the
/// <see cref="MappingHold"/>s), and documents refused as they are (<see cref="SyncErrorCategory.UserActionable"/>)
/// grouped by message. Only summaries, messages and hints leave here: never payloads, snapshots or trail details.
/// </summary>
public sealed class ExceptionInbox(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, MappingTargets targets)
{
    public const int ExamplesPerGroup = 3;

    /// <summary>Groups shown per integration and kind of cause; the rest are counted in the total.</summary>
    public const int MaxGroups = 50;

    public bool CanUse => current.Can(Permission.FixExceptions);

    /// <summary>Documents waiting for finance (each once): the badge on the integration page.</summary>
    public async Task<int> CountAsync(Guid? integrationId = null, CancellationToken ct = default)
    {
        Guard();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Waiting(db, integrationId).CountAsync(ct);
    }

    public async Task<InboxView> ReadAsync(Guid? integrationId = null, CancellationToken ct = default)
    {
        Guard();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integrations = await db.Integrations.AsNoTracking().Where(i => integrationId == null || i.Id == integrationId)
            .OrderBy(i => i.Name).ToListAsync(ct);
        var (paused, mappings, failures) = (new List<PausedIntegration>(), new List<MappingGroup>(), new List<FailureGroup>());
        foreach (var integration in integrations)
        {
            if (integration.Status == IntegrationStatus.Paused)
            {
                var waiting = await db.SyncRecords.CountAsync(r => r.IntegrationId == integration.Id && r.State == SyncState.Pending
                    && r.ErrorCategory == SyncErrorCategory.Configuration, ct);
                paused.Add(new PausedIntegration(integration.Id, integration.Name, FinanceText.Plain(integration.PausedReason ?? "Paused by a person."), waiting));
            }
            mappings.AddRange(await MappingGroupsAsync(db, integration, ct));
            failures.AddRange(await FailureGroupsAsync(db, integration, ct));
        }
        // The biggest causes first: fixing them moves the most documents.
        return new InboxView(paused, mappings.OrderByDescending(g => g.Records).ToList(), failures.OrderByDescending(g => g.Records).ToList(),
            await Waiting(db, integrationId).CountAsync(ct));
    }

    private static IQueryable<SyncRecord> Waiting(AppDbContext db, Guid? integrationId) =>
        db.SyncRecords.Where(r => (integrationId == null || r.IntegrationId == integrationId)
            && (r.State == SyncState.Blocked || (r.State == SyncState.Failed && r.ErrorCategory == SyncErrorCategory.UserActionable)));

    private async Task<List<MappingGroup>> MappingGroupsAsync(AppDbContext db, Integration integration, CancellationToken ct)
    {
        var id = integration.Id;
        var gaps = await db.MappingHolds.Where(h => h.IntegrationId == id)
            .GroupBy(h => new { h.Kind, h.Group, h.SourceKey })
            .Select(g => new { g.Key.Kind, g.Key.Group, g.Key.SourceKey, Held = g.Count() })
            .OrderByDescending(g => g.Held).Take(MaxGroups).ToListAsync(ct);
        var groups = new List<MappingGroup>();
        foreach (var gap in gaps)
        {
            var entry = await db.MappingEntries.AsNoTracking().SingleOrDefaultAsync(e => e.IntegrationId == id && e.Kind == gap.Kind
                && e.Group == gap.Group && e.SourceKey == gap.SourceKey, ct);
            if (entry is null || entry.TargetId is not null) continue; // mapped a moment ago: its holds are on their way out
            // Hold keys are record ids as text (lower case); parsed here, so the lookup uses the records' own key on both databases.
            var ids = (await db.MappingHolds.Where(h => h.IntegrationId == id && h.Kind == gap.Kind && h.Group == gap.Group && h.SourceKey == gap.SourceKey)
                .Select(h => h.RecordKey).ToListAsync(ct)).Select(k => Guid.TryParse(k, out var g) ? g : Guid.Empty).ToList();
            var blocked = db.SyncRecords.Where(r => r.IntegrationId == id && r.State == SyncState.Blocked && ids.Contains(r.Id));
            var perFlow = await blocked.GroupBy(r => r.Flow).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            if (perFlow.Count == 0) continue;
            var examples = await blocked.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).Take(ExamplesPerGroup)
                .Select(r => new { r.Id, r.Summary, r.SourceId, r.Flow }).ToListAsync(ct);
            var suggested = entry.SuggestedTargetId is { } s
                ? (await targets.FindAsync(id, gap.Kind, gap.Group, new HashSet<string> { s }, ct)).GetValueOrDefault(s)
                : null;
            groups.Add(new MappingGroup(id, integration.Name, gap.Kind, gap.Group, gap.SourceKey,
                FinanceText.Subject(gap.Kind, gap.Group, entry.SourceCode, entry.SourceName),
                FinanceText.MissingMapping(integration.Kind, gap.Kind, gap.Group, entry.SourceCode, entry.SourceName),
                perFlow.Sum(f => f.Count), FinanceText.Count(perFlow.Select(f => (f.Key, f.Count))),
                examples.Select(e => new InboxExample(e.Id, Label(e.Summary, e.Flow), null)).ToList(),
                suggested is { Active: true } ? suggested : null, suggested is { Active: true } ? entry.SuggestionConfidence : 0));
        }
        return groups;
    }

    private static async Task<List<FailureGroup>> FailureGroupsAsync(AppDbContext db, Integration integration, CancellationToken ct)
    {
        var id = integration.Id;
        var refused = Refused(db, id);
        var messages = await refused.GroupBy(r => new { r.Flow, r.ErrorMessage, r.ErrorHint })
            .Select(g => new { g.Key.Flow, g.Key.ErrorMessage, g.Key.ErrorHint, Count = g.Count() }).ToListAsync(ct);
        var groups = new List<FailureGroup>();
        foreach (var group in messages.GroupBy(m => FinanceText.GroupKey(m.ErrorMessage)).OrderByDescending(g => g.Sum(m => m.Count)).Take(MaxGroups))
        {
            var exact = group.Select(m => m.ErrorMessage).Distinct().ToList();
            var plain = group.Select(m => FinanceText.Plain(m.ErrorMessage)).Distinct().ToList();
            var examples = await refused.Where(r => exact.Contains(r.ErrorMessage)).OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
                .Take(ExamplesPerGroup).Select(r => new { r.Id, r.Summary, r.Flow, r.ErrorMessage }).ToListAsync(ct);
            groups.Add(new FailureGroup(id, integration.Name, integration.Kind == IntegrationKind.RampVisma ? "Visma.net" : "Dynamics 365", group.Key, plain.Count == 1 ? plain[0] : group.Key, Hint(group.Select(m => (m.ErrorHint, m.Count))),
                group.Sum(m => m.Count), FinanceText.Count(group.Select(m => (m.Flow, m.Count))),
                examples.Select(e => new InboxExample(e.Id, Label(e.Summary, e.Flow), plain.Count == 1 ? null : FinanceText.Plain(e.ErrorMessage))).ToList()));
        }
        return groups;
    }

    /// <summary>The records one failure group stands for (also what "Try again" re-queues).</summary>
    internal static IQueryable<SyncRecord> Refused(AppDbContext db, Guid integrationId) =>
        db.SyncRecords.Where(r => r.IntegrationId == integrationId && r.State == SyncState.Failed && r.ErrorCategory == SyncErrorCategory.UserActionable);

    /// <summary>The hint most of the group's documents carry; masked like the title when they differ only in numbers.</summary>
    private static string? Hint(IEnumerable<(string? Hint, int Count)> hints)
    {
        var plain = hints.Where(h => !string.IsNullOrWhiteSpace(h.Hint)).GroupBy(h => FinanceText.Plain(h.Hint))
            .Select(g => (Text: g.Key, Count: g.Sum(h => h.Count))).OrderByDescending(h => h.Count).ToList();
        if (plain.Count <= 1) return plain.FirstOrDefault().Text;
        var masked = plain.GroupBy(h => FinanceText.Mask(h.Text)).OrderByDescending(g => g.Sum(h => h.Count)).First();
        return masked.Count() == 1 ? masked.First().Text : masked.Key;
    }

    /// <summary>The record's own label; one not read from the source yet is named by what it is, not by its id.</summary>
    private static string Label(string? summary, string flow) =>
        string.IsNullOrWhiteSpace(summary) ? $"A {FinanceText.Noun(flow).One} not read yet" : summary;

    private void Guard()
    {
        if (!CanUse) throw new UnauthorizedAccessException("Only owners, admins and finance staff work the exception inbox.");
    }
}
