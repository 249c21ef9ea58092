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
        // Blocked records with the values they are held on, joined here: hold keys are record ids as lower-case text and
        // SQLite stores Guids as upper-case text, and a join on a converted id left SQLite's planner scanning records per
        // hold (minutes at 100,000 records). Two indexed reads of small rows instead.
        var blocked = (await db.SyncRecords.Where(r => r.IntegrationId == id && r.State == SyncState.Blocked)
            .Select(r => new { r.Id, r.Flow, r.UpdatedAt }).ToListAsync(ct)).ToDictionary(r => r.Id);
        var held = (await db.MappingHolds.Where(h => h.IntegrationId == id).Select(h => new { h.Kind, h.Group, h.SourceKey, h.RecordKey }).ToListAsync(ct))
            .Select(h => (h.Kind, h.Group, h.SourceKey, Record: Guid.TryParse(h.RecordKey, out var r) ? blocked.GetValueOrDefault(r) : null))
            .Where(h => h.Record is not null).Select(h => (Key: (h.Kind, h.Group, h.SourceKey), Record: h.Record!)).ToList();
        var gaps = held.GroupBy(h => h.Key).OrderByDescending(g => g.Count()).Take(MaxGroups).ToList();
        if (gaps.Count == 0) return [];

        var keys = gaps.Select(g => g.Key.SourceKey).Distinct().ToList();
        var entries = (await db.MappingEntries.AsNoTracking().Where(e => e.IntegrationId == id && keys.Contains(e.SourceKey)).ToListAsync(ct))
            .ToDictionary(e => (e.Kind, e.Group, e.SourceKey));
        var newest = gaps.ToDictionary(g => g.Key, g => g.Select(h => h.Record).OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).Take(ExamplesPerGroup).ToList());
        var shown = newest.Values.SelectMany(l => l.Select(r => r.Id)).Distinct().ToList();
        var summaries = await db.SyncRecords.Where(r => shown.Contains(r.Id)).Select(r => new { r.Id, r.Summary }).ToDictionaryAsync(r => r.Id, r => r.Summary, ct);
        var examples = newest.ToDictionary(n => n.Key, n => n.Value.Select(r => new InboxExample(r.Id, Label(summaries.GetValueOrDefault(r.Id), r.Flow), null)).ToList());

        // The suggested targets, one look-up per (kind, group) rather than one per group of the inbox.
        var open = gaps.Select(g => entries.GetValueOrDefault(g.Key)).Where(e => e is { TargetId: null, SuggestedTargetId: not null }).Select(e => e!).ToList();
        var suggestions = new Dictionary<(MappingKind, string), IReadOnlyDictionary<string, TargetOption>>();
        foreach (var set in open.GroupBy(e => (e.Kind, e.Group)))
            suggestions[set.Key] = await targets.FindAsync(id, set.Key.Kind, set.Key.Group, set.Select(e => e.SuggestedTargetId!).ToHashSet(), ct);

        var groups = new List<MappingGroup>();
        foreach (var gap in gaps)
        {
            var (kind, group, sourceKey) = gap.Key;
            // Mapped a moment ago: its holds are on their way out.
            if (!entries.TryGetValue(gap.Key, out var entry) || entry.TargetId is not null) continue;
            var suggested = entry.SuggestedTargetId is { } s ? suggestions[(kind, group)].GetValueOrDefault(s) : null;
            groups.Add(new MappingGroup(id, integration.Name, kind, group, sourceKey,
                FinanceText.Subject(kind, group, entry.SourceCode, entry.SourceName),
                FinanceText.MissingMapping(integration.Kind, kind, group, entry.SourceCode, entry.SourceName),
                gap.Count(), FinanceText.Count(gap.GroupBy(h => h.Record.Flow).Select(f => (f.Key, f.Count()))), examples[gap.Key],
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
        var causes = messages.GroupBy(m => FinanceText.GroupKey(m.ErrorMessage)).OrderByDescending(g => g.Sum(m => m.Count)).Take(MaxGroups).ToList();
        var examples = causes.ToDictionary(g => g.Key, _ => new List<(Guid Id, string Summary, string Message)>());
        // A group of two records has two examples to find, not three: the read stops once every group has what it can.
        var wanted = causes.ToDictionary(g => g.Key, g => Math.Min(ExamplesPerGroup, g.Sum(m => m.Count)));
        var unfilled = wanted.Count;
        if (unfilled > 0)
            await foreach (var r in refused.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
                .Select(r => new { r.Id, r.Summary, r.Flow, r.ErrorMessage }).AsAsyncEnumerable().WithCancellation(ct))
            {
                var key = FinanceText.GroupKey(r.ErrorMessage);
                if (!examples.TryGetValue(key, out var list) || list.Count == wanted[key]) continue;
                list.Add((r.Id, Label(r.Summary, r.Flow), FinanceText.Plain(r.ErrorMessage)));
                if (list.Count == wanted[key] && --unfilled == 0) break;
            }
        var groups = new List<FailureGroup>();
        foreach (var cause in causes)
        {
            var plain = cause.Select(m => FinanceText.Plain(m.ErrorMessage)).Distinct().ToList();
            groups.Add(new FailureGroup(id, integration.Name, Records.RecordExplorer.Systems(integration.Kind).Target, cause.Key,
                plain.Count == 1 ? plain[0] : cause.Key, Hint(cause.Select(m => (m.ErrorHint, m.Count))),
                cause.Sum(m => m.Count), FinanceText.Count(cause.Select(m => (m.Flow, m.Count))),
                // Where the group merges several messages, each example keeps its own (its date, its number).
                examples[cause.Key].Select(e => new InboxExample(e.Id, e.Summary, plain.Count == 1 ? null : e.Message)).ToList()));
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
