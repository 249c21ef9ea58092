using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Exceptions;

/// <summary>
/// What finance does from the inbox, gated by <see cref="Permission.FixExceptions"/>. A missing mapping is saved
/// through <see cref="MappingService"/> like any other (history, version), which releases the documents whose last
/// missing value it was and re-queues them (<see cref="SyncReleases"/>): nothing of that is repeated here.
/// </summary>
public sealed class ExceptionFixes(
    IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, MappingService mappings, MappingTargets targets,
    SyncEvents events, SyncSignal signal, TimeProvider clock)
{
    public bool CanFix => current.Can(Permission.FixExceptions);

    /// <summary>What the mapping grid would offer for this value: active ERP values whose code or name contains <paramref name="search"/>.</summary>
    public Task<IReadOnlyList<TargetOption>> TargetsAsync(MappingGroup group, string? search, CancellationToken ct = default)
    {
        Guard();
        return targets.SearchAsync(group.IntegrationId, group.Kind, group.Group, search, 50, ct);
    }

    /// <summary>Maps the group's value to <paramref name="targetId"/>; <see cref="MappingResult.Released"/> are the documents now queued again.</summary>
    public Task<MappingResult> MapAsync(MappingGroup group, string targetId, string actor, CancellationToken ct = default)
    {
        Guard();
        return mappings.SetAsync(group.IntegrationId, group.Kind, group.Group, [new MappingEdit(group.SourceKey, targetId)], actor, MappingOrigin.Manual, ct);
    }

    /// <summary>
    /// "Try again" after finance corrected the data in the ERP or the source: re-queues the integration's refused documents
    /// whose message falls in <paramref name="key"/>'s group, and nothing else, with who and why in each trail. A document
    /// whose earlier post may have landed was marked by the engine to be looked up first, and stays so.
    /// </summary>
    /// <returns>How many documents were queued again (0 when the group is gone meanwhile).</returns>
    public async Task<int> TryAgainAsync(Guid integrationId, string key, string actor, CancellationToken ct = default)
    {
        Guard();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = ExceptionInbox.Refused(db, integrationId);
        var messages = (await refused.Select(r => r.ErrorMessage).Distinct().ToListAsync(ct))
            .Where(m => FinanceText.GroupKey(m) == key).ToList();
        if (messages.Count == 0) return 0;
        var ledger = new SyncLedger(db, clock.GetUtcNow());
        var records = await refused.Where(r => messages.Contains(r.ErrorMessage)).ToListAsync(ct);
        foreach (var record in records)
        {
            var message = FinanceText.Plain(record.ErrorMessage);
            SyncIntake.Requeue(record, ledger.Now);
            ledger.Move(record, SyncState.Pending, AuditAction.Replayed, actor, $"Replayed (was Failed): fixed by finance: {message}");
        }
        await ledger.SaveAsync(events, ct);
        if (records.Count > 0) signal.Poke();
        return records.Count;
    }

    private void Guard()
    {
        if (!CanFix) throw new UnauthorizedAccessException("Only owners, admins and finance staff fix exceptions.");
    }
}
