using System.Net.Http.Json;
using System.Text.Json;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Sync;

/// <summary>The engine end to end over real HTTP: Ramp simulator as the source, D365 simulator as the target, a real database.</summary>
public sealed class SyncEngineTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task AMappedBill_IsPostedOnce_ThenConfirmedInRamp(Db database)
    {
        await using var scenario = await SyncScenario.StartAsync(database);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0];
        var id = bill.GetProperty("id").GetString()!;
        var number = bill.GetProperty("invoice_number").GetString()!;

        // The same bill announced five times (webhook duplicates and a poll) is one record and one document.
        for (var i = 0; i < 4; i++) await scenario.TakeInAsync(IntakeVia.Webhook, id);
        await scenario.TakeInAsync(IntakeVia.Poll, id);
        (await scenario.Engine.DrainAsync(default)).ShouldBe(1);

        var record = await scenario.RecordAsync(id);
        record.State.ShouldBe(SyncState.Posted);
        (await scenario.HeadersInD365Async(number)).ShouldBe([record.TargetDocumentId!]);
        record.MappingVersion.ShouldNotBeNull().ShouldBeGreaterThan(0);
        record.NaturalKey.ShouldEndWith("/" + number);
        (await scenario.TrailAsync(record.Id)).Select(a => a.Action).ShouldBe([AuditAction.Received, AuditAction.Fetched, AuditAction.Mapped, AuditAction.Posted]);

        var report = await scenario.Owner.Get<MlConnector.Web.Features.Sync.Ramp.RampSyncReporter>().ReportAsync(await IntegrationAsync(scenario), default);
        report.StoppedBy.ShouldBeNull();
        (report.Reported, report.Refused).ShouldBe((1, 0));
        (await scenario.RecordAsync(id)).State.ShouldBe(SyncState.Confirmed);
        using var ramp = await SandboxRampApi.CreateAsync(scenario.Host);
        var synced = await ramp.GetFromJsonAsync<JsonElement>($"bills/{id}");
        synced.GetProperty("sync_status").GetString().ShouldBe("BILL_SYNCED");
        synced.GetProperty("remote_id").GetString().ShouldBe(record.TargetDocumentId);
    }

    [Fact]
    public async Task AnUnmappedVendor_Blocks_IsReportedToRamp_AndPostsOnceFinanceMapsIt()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var bill = (await scenario.ReadyBillsAsync()).Unmapped[0];
        var id = bill.GetProperty("id").GetString()!;
        var vendorId = bill.GetProperty("vendor").GetProperty("id").GetString()!;
        await scenario.TakeInAsync(IntakeVia.Webhook, id);
        await scenario.Engine.DrainAsync(default);

        var blocked = await scenario.RecordAsync(id);
        blocked.State.ShouldBe(SyncState.Blocked);
        blocked.ErrorCategory.ShouldBe(SyncErrorCategory.MissingMapping);
        blocked.ErrorMessage!.ShouldContain(bill.GetProperty("vendor").GetProperty("name").GetString()!);
        (await scenario.Owner.Get<MappingHolds>().GapsAsync(scenario.Integration)).ShouldContain(g => g.SourceKey == vendorId && g.RecordsHeld == 1);
        (await scenario.Owner.Get<MlConnector.Web.Features.Sync.Ramp.RampSyncReporter>().ReportAsync(await IntegrationAsync(scenario), default)).Reported.ShouldBe(1);
        (await scenario.TrailAsync(blocked.Id)).Last().Message!.ShouldStartWith("Ramp shows the export error");
        using (var ramp = await SandboxRampApi.CreateAsync(scenario.Host))
            (await ramp.GetFromJsonAsync<JsonElement>($"bills/{id}")).GetProperty("sync_status").GetString().ShouldBe("NOT_SYNCED");

        // Finance maps the vendor: the record re-queues itself and posts.
        var target = (await scenario.Owner.Get<MappingTargets>().SearchAsync(scenario.Integration, MappingKind.Vendor, "", "", 1))[0];
        var set = await scenario.Owner.Get<MappingService>().SetAsync(scenario.Integration, MappingKind.Vendor, "", [new MappingEdit(vendorId, target.Id)], "finance@test", MappingOrigin.Manual);
        set.Released.ShouldBe([blocked.Id.ToString()]);
        (await scenario.RecordAsync(id)).State.ShouldBe(SyncState.Pending);
        await scenario.Engine.DrainAsync(default);
        var posted = await scenario.RecordAsync(id);
        posted.State.ShouldBe(SyncState.Posted);
        posted.ErrorMessage.ShouldBeNull();
        (await scenario.TrailAsync(posted.Id)).Select(a => a.Action).ShouldContain(AuditAction.Released);
    }

    [Fact]
    public async Task A429Storm_BacksOffPerRetryAfter_AndPostsOnceItPasses()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[1];
        var (id, number) = (bill.GetProperty("id").GetString()!, bill.GetProperty("invoice_number").GetString()!);
        scenario.D365.Faults.Settings = new FaultSettings { RateLimitNext = 1000, RetryAfterSeconds = 3 };
        await scenario.TakeInAsync(IntakeVia.Webhook, id);
        var before = DateTimeOffset.UtcNow;
        await scenario.Engine.DrainAsync(default);

        var waiting = await scenario.RecordAsync(id);
        waiting.State.ShouldBe(SyncState.RetryScheduled);
        waiting.ErrorCategory.ShouldBe(SyncErrorCategory.Transient);
        waiting.VerifyBeforePost.ShouldBeFalse(); // a 429 was refused unprocessed: nothing can have landed
        (waiting.NextAttemptAt - before).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(3));
        (await scenario.TrailAsync(waiting.Id)).Last().Message!.ShouldContain("asked for 3 s");
        (await scenario.Engine.DrainAsync(default)).ShouldBe(0); // not due before Retry-After

        scenario.D365.Faults.Reset();
        await Task.Delay(waiting.NextAttemptAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        await scenario.Engine.DrainAsync(default);
        (await scenario.RecordAsync(id)).State.ShouldBe(SyncState.Posted);
        (await scenario.HeadersInD365Async(number)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AWriteWithAnUnknownOutcome_IsLinkedOnReplay_NeverPostedTwice()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[2];
        var (id, number) = (bill.GetProperty("id").GetString()!, bill.GetProperty("invoice_number").GetString()!);
        // D365 applies the POST but answers after our 2 s timeout: we cannot know it landed.
        scenario.D365.Faults.Settings = new FaultSettings { SlowAnswerMs = 4000 };
        await scenario.TakeInAsync(IntakeVia.Webhook, id);
        await scenario.Engine.DrainAsync(default);
        scenario.D365.Faults.Reset();

        var unknown = await scenario.RecordAsync(id);
        unknown.State.ShouldBe(SyncState.RetryScheduled);
        unknown.VerifyBeforePost.ShouldBeTrue();
        var landed = await scenario.HeadersInD365Async(number);
        landed.Count.ShouldBe(1);

        using (var support = TestIntegration.Enter(scenario.Host, scenario.Owner.WorkspaceId, scenario.Integration))
        {
            support.Get<CurrentWorkspace>().Enter(scenario.Owner.WorkspaceId, WorkspaceRole.Support);
            var replay = await support.Get<SyncReplay>().ReplayAsync([unknown.Id], "D365 timed out; check and finish", "support@test");
            replay.Queued.ShouldBe(1);
        }
        await scenario.Engine.DrainAsync(default);

        var linked = await scenario.RecordAsync(id);
        linked.State.ShouldBe(SyncState.Posted);
        linked.TargetDocumentId.ShouldBe(landed[0]);
        (await scenario.HeadersInD365Async(number)).Count.ShouldBe(1);
        var trail = await scenario.TrailAsync(linked.Id);
        trail.ShouldContain(a => a.Action == AuditAction.Replayed && a.Actor == "support@test" && a.Message!.Contains("check and finish"));
        trail.Last().Action.ShouldBe(AuditAction.Linked);
    }

    [Fact]
    public async Task AWorkerKilledMidRecord_LosesNothing_AndTheNextHolderLinksInsteadOfPostingAgain()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Sync:LeaseDuration"] = "00:00:03" });
        var bill = (await scenario.ReadyBillsAsync()).Mapped[3];
        var (id, number) = (bill.GetProperty("id").GetString()!, bill.GetProperty("invoice_number").GetString()!);
        scenario.D365.Faults.Settings = new FaultSettings { SlowAnswerMs = 30_000 };
        await scenario.TakeInAsync(IntakeVia.Webhook, id);

        // The worker dies while D365 holds its answer: nothing after the POST runs, nothing is saved.
        using (var killed = new CancellationTokenSource())
        {
            var dying = scenario.Engine.DrainAsync(killed.Token);
            await Task.Delay(1500);
            await killed.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(dying);
        }
        scenario.D365.Faults.Reset();
        var orphan = await scenario.RecordAsync(id);
        orphan.State.ShouldBe(SyncState.InFlight);
        (await scenario.HeadersInD365Async(number)).Count.ShouldBe(1);
        (await scenario.Engine.DrainAsync(default)).ShouldBe(0); // the lease still holds

        await Task.Delay(orphan.LeaseExpiresAt!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        (await scenario.Engine.DrainAsync(default)).ShouldBe(1);
        var done = await scenario.RecordAsync(id);
        done.State.ShouldBe(SyncState.Posted);
        (await scenario.HeadersInD365Async(number)).ShouldBe([done.TargetDocumentId!]);
        (await scenario.TrailAsync(done.Id)).Select(a => a.Action).ShouldBe(
            [AuditAction.Received, AuditAction.LeaseExpired, AuditAction.Fetched, AuditAction.Mapped, AuditAction.Linked]);
    }

    [Fact]
    public async Task ThePoll_BackfillsWhatNoWebhookAnnounced()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var (mapped, unmapped) = await scenario.ReadyBillsAsync();
        var announced = mapped[0].GetProperty("id").GetString()!;
        await scenario.TakeInAsync(IntakeVia.Webhook, announced);

        var poll = await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);
        poll.Failures.ShouldBeEmpty();
        poll.Intake.Created.ShouldBe(mapped.Count + unmapped.Count - 1);
        poll.Intake.Unchanged.ShouldBe(1);
        await using var db = scenario.OpenDb();
        db.SyncRecords.Count(r => r.Flow == LedgerProbeFlow.FlowName).ShouldBe(mapped.Count + unmapped.Count);
        db.Integrations.Single(i => i.Id == scenario.Integration).LastPolledAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task RefusedCredentials_PauseTheIntegration_AndTheRecordWaits()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var id = (await scenario.ReadyBillsAsync()).Mapped[0].GetProperty("id").GetString()!;
        await scenario.Owner.SaveSandboxCredentialsAsync(MlConnector.Web.Integrations.Common.ExternalSystem.Dynamics365, secret: "wrong-secret");
        await scenario.TakeInAsync(IntakeVia.Webhook, id);
        await scenario.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(id);
        record.State.ShouldBe(SyncState.Pending);
        record.ErrorCategory.ShouldBe(SyncErrorCategory.Configuration);
        var integration = await IntegrationAsync(scenario);
        integration.Status.ShouldBe(IntegrationStatus.Paused);
        integration.PausedReason.ShouldNotBeNullOrWhiteSpace();
        (await scenario.Engine.DrainAsync(default)).ShouldBe(0); // a paused integration's queue waits

        await scenario.Owner.SaveSandboxCredentialsAsync(MlConnector.Web.Integrations.Common.ExternalSystem.Dynamics365);
        await scenario.Owner.Get<SyncControl>().ActivateAsync(scenario.Integration);
        await scenario.Engine.DrainAsync(default);
        (await scenario.RecordAsync(id)).State.ShouldBe(SyncState.Posted);
    }

    [Fact]
    public async Task Replay_IsForSupportAdminAndOwner_AndNeedsAReason()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        await scenario.TakeInAsync(IntakeVia.Webhook, "not-a-bill");
        var record = await scenario.RecordAsync("not-a-bill");
        foreach (var role in new[] { WorkspaceRole.Finance, WorkspaceRole.Viewer })
        {
            using var member = TestIntegration.Enter(scenario.Host, scenario.Owner.WorkspaceId, scenario.Integration);
            member.Get<CurrentWorkspace>().Enter(scenario.Owner.WorkspaceId, role);
            await Should.ThrowAsync<UnauthorizedAccessException>(() => member.Get<SyncReplay>().ReplayAsync([record.Id], "why not", role.ToString()));
        }
        await Should.ThrowAsync<ArgumentException>(() => scenario.Owner.Get<SyncReplay>().ReplayAsync([record.Id], " ", "owner"));
        (await scenario.TrailAsync(record.Id)).ShouldNotContain(a => a.Action == AuditAction.Replayed);
    }

    [Fact]
    public async Task AnUnknownFlow_FailsWithASupportReference()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        await scenario.Owner.Get<SyncIntake>().AcceptAsync(scenario.Integration, [new IntakeItem("no-such-flow", "x1")], IntakeVia.Webhook, "test");
        await scenario.Engine.DrainAsync(default);
        await using var db = scenario.OpenDb();
        var record = db.SyncRecords.Single(r => r.SourceId == "x1");
        record.State.ShouldBe(SyncState.Failed);
        record.ErrorCategory.ShouldBe(SyncErrorCategory.Integrator);
        record.ErrorReference.ShouldNotBeNull().ShouldStartWith("SR-");
        record.ErrorMessage!.ShouldContain(record.ErrorReference!);
    }

    private static async Task<MlConnector.Web.Features.Integrations.Integration> IntegrationAsync(SyncScenario scenario)
    {
        await using var db = scenario.OpenDb();
        return db.Integrations.Single(i => i.Id == scenario.Integration);
    }
}
