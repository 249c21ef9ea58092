using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Records;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Records;

/// <summary>The replay console's service: what replay will do, "all matching" beyond one page and one chunk, refusals.</summary>
public sealed class RecordReplayTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task RunAsync_AllMatching_QueuesEveryMatchingRecordInChunks_WithTheReasonInEachTrail(Db database)
    {
        using var host = await PortalHost.StartAsync(database);
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        // 620 failed records: more than a page and more than one chunk of 500. Some landed (a document id), some may have.
        var failed = Enumerable.Range(1, 620).Select(n => RecordSeed.Record(owner, n, SyncState.Failed, error: SyncErrorCategory.Transient,
            target: n <= 5 ? $"VINV-{n}" : null, verify: n is > 5 and <= 105)).ToList();
        var others = new[]
        {
            RecordSeed.Record(owner, 900, SyncState.Posted, target: "VINV-900"),
            RecordSeed.Record(owner, 901, SyncState.InFlight),
            RecordSeed.Record(owner, 902, SyncState.Blocked, error: SyncErrorCategory.MissingMapping),
        };
        await RecordSeed.AddAsync(host, owner, [.. failed, .. others]);
        using var support = As(host, owner, WorkspaceRole.Support);
        var replays = support.Get<RecordReplays>();
        var onlyFailed = RecordSelection.Matching(new RecordFilter { State = SyncState.Failed });

        var preview = await replays.PreviewAsync(onlyFailed, samples: 20);
        preview.Total.ShouldBe(620);
        preview.Target.ShouldBe("Dynamics 365");
        (preview.ByPlan[ReplayPlan.LinkExisting], preview.ByPlan[ReplayPlan.LookUpThenPost], preview.ByPlan[ReplayPlan.Post], preview.ByPlan[ReplayPlan.Refused])
            .ShouldBe((5, 100, 515, 0));
        preview.Samples.Count.ShouldBe(20);
        preview.Samples.ShouldAllBe(s => s.State == SyncState.Failed);

        var done = new List<int>();
        var run = await replays.RunAsync(onlyFailed, "  D365 was down 09:10–09:40  ", "support@example.com", new SyncProgress(done));
        run.Queued.Count.ShouldBe(620);
        run.Refused.ShouldBeEmpty();
        done.ShouldBe([500, 620]);

        await using var db = host.OpenDb(owner.WorkspaceId);
        var states = await db.SyncRecords.AsNoTracking().ToDictionaryAsync(r => r.SourceId, r => (r.State, r.VerifyBeforePost, r.ErrorCategory));
        foreach (var record in failed) states[record.SourceId].ShouldBe((SyncState.Pending, true, (SyncErrorCategory?)null), record.SourceId);
        (states["bill-00900"].State, states["bill-00901"].State, states["bill-00902"].State).ShouldBe((SyncState.Posted, SyncState.InFlight, SyncState.Blocked));
        var replayed = await db.AuditEvents.AsNoTracking().Where(a => a.Action == AuditAction.Replayed).ToListAsync();
        replayed.Count.ShouldBe(620);
        replayed.ShouldAllBe(a => a.Actor == "support@example.com" && a.Message == "Replayed (was Failed): D365 was down 09:10–09:40");
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task RunAsync_RefusesRecordsAWorkerHolds_AndSaysSoBeforehand(Db database)
    {
        using var host = await PortalHost.StartAsync(database);
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        var busy = RecordSeed.Record(owner, 1, SyncState.InFlight);
        var failed = RecordSeed.Record(owner, 2, SyncState.Failed, error: SyncErrorCategory.UserActionable);
        var blocked = RecordSeed.Record(owner, 3, SyncState.Blocked, error: SyncErrorCategory.MissingMapping);
        await RecordSeed.AddAsync(host, owner, [busy, failed, blocked]);
        using var admin = As(host, owner, WorkspaceRole.Admin);
        var replays = admin.Get<RecordReplays>();
        var chosen = RecordSelection.Of([busy.Id, failed.Id, blocked.Id]);

        var preview = await replays.PreviewAsync(chosen);
        preview.Samples.ToDictionary(s => s.Id, s => s.Plan).ShouldBe(new Dictionary<Guid, ReplayPlan>
        {
            [busy.Id] = ReplayPlan.Refused, [failed.Id] = ReplayPlan.Post, [blocked.Id] = ReplayPlan.MapAgain,
        }, ignoreOrder: true);

        var run = await replays.RunAsync(chosen, "fixed the vendor", "admin@example.com");
        run.Queued.ShouldBe([failed.Id, blocked.Id], ignoreOrder: true);
        run.Refused.Single().RecordId.ShouldBe(busy.Id);
        run.Refused.Single().Reason.ShouldContain("worker is on it");
        await Should.ThrowAsync<ArgumentException>(() => replays.RunAsync(chosen, "  ", "admin@example.com"));
        await using var db = host.OpenDb(owner.WorkspaceId);
        (await db.SyncRecords.AsNoTracking().SingleAsync(r => r.Id == busy.Id)).State.ShouldBe(SyncState.InFlight);
    }

    [Theory]
    [InlineData(WorkspaceRole.Owner, true, true)]
    [InlineData(WorkspaceRole.Admin, true, true)]
    [InlineData(WorkspaceRole.Support, true, true)]
    [InlineData(WorkspaceRole.Finance, false, false)]
    [InlineData(WorkspaceRole.Viewer, false, false)]
    public async Task EachRole_MayExploreAndReplay_OnlyAsTheTableSays(WorkspaceRole role, bool explore, bool replay)
    {
        using var host = await PortalHost.StartAsync(Db.Sqlite);
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        var record = RecordSeed.Record(owner, 1, SyncState.Failed, error: SyncErrorCategory.Transient);
        await RecordSeed.AddAsync(host, owner, [record]);
        using var member = As(host, owner, role);
        var explorer = member.Get<RecordExplorer>();
        var replays = member.Get<RecordReplays>();
        (explorer.CanExplore, replays.CanReplay).ShouldBe((explore, replay));

        if (explore)
        {
            (await explorer.PageAsync(RecordFilter.All, 0, 25)).Count.ShouldBe(1);
            (await explorer.DetailAsync(record.Id)).ShouldNotBeNull().Timeline.ShouldNotBeEmpty();
        }
        else
        {
            await Should.ThrowAsync<UnauthorizedAccessException>(() => explorer.PageAsync(RecordFilter.All, 0, 25));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => explorer.DetailAsync(record.Id));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => explorer.CountAsync(RecordFilter.All));
        }
        if (replay)
        {
            (await replays.PreviewAsync(RecordSelection.Of([record.Id]))).Total.ShouldBe(1);
            (await replays.RunAsync(RecordSelection.Matching(RecordFilter.All), "role check", "someone")).Queued.ShouldBe([record.Id]);
        }
        else
        {
            await Should.ThrowAsync<UnauthorizedAccessException>(() => replays.PreviewAsync(RecordSelection.Of([record.Id])));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => replays.RunAsync(RecordSelection.Matching(RecordFilter.All), "role check", "someone"));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => member.Get<SyncReplay>().ReplayAsync([record.Id], "role check", "someone"));
            await using var db = host.OpenDb(owner.WorkspaceId);
            (await db.SyncRecords.AsNoTracking().SingleAsync()).State.ShouldBe(SyncState.Failed);
        }
    }

    /// <summary>A scope acting as <paramref name="role"/> in the owner's workspace.</summary>
    private static TestIntegration As(PortalHost host, TestIntegration owner, WorkspaceRole role)
    {
        var member = TestIntegration.Enter(host, owner.WorkspaceId, owner.Id);
        member.Get<CurrentWorkspace>().Enter(owner.WorkspaceId, role);
        return member;
    }

    private sealed class SyncProgress(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
