using Microsoft.EntityFrameworkCore;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Records;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Records;

/// <summary>A record's single timeline across Ramp, the connector and D365, from a real run through the simulators.</summary>
public sealed class RecordTimelineTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task DetailAsync_TellsTheWholeStoryInOrder_WithThePayloadDiffBetweenAttempts(Db database)
    {
        await using var scenario = await SyncScenario.StartAsync(database, new Dictionary<string, string?> { ["Sync:MaxAttempts"] = "1" });
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0];
        var (id, vendorId) = (bill.GetProperty("id").GetString()!, bill.GetProperty("vendor").GetProperty("id").GetString()!);

        // D365 is down: the post fails (one attempt allowed here, so it fails at once instead of retrying).
        scenario.D365.Faults.Settings = new FaultSettings { ServerErrorShare = 1 };
        await scenario.TakeInAsync(IntakeVia.Webhook, id);
        await scenario.Engine.DrainAsync(default);
        scenario.D365.Faults.Reset();
        var failed = await scenario.RecordAsync(id);
        failed.State.ShouldBe(SyncState.Failed, failed.ErrorMessage);

        // Meanwhile finance points the vendor at another D365 vendor, so the second attempt's payload differs.
        var mappings = await scenario.Owner.Get<MappingHistory>().SnapshotAsync(scenario.Integration);
        var oldAccount = mappings.TargetOf(MappingKind.Vendor, "", vendorId)!;
        var newAccount = (await scenario.Owner.Get<MappingTargets>().SearchAsync(scenario.Integration, MappingKind.Vendor, "", null, 50)).First(t => t.Id != oldAccount && t.Active).Id;
        (await scenario.Owner.Get<MappingService>().SetAsync(scenario.Integration, MappingKind.Vendor, "", [new MappingEdit(vendorId, newAccount)], "finance@test", MappingOrigin.Manual))
            .Ok.ShouldBeTrue();

        using (var support = TestIntegration.Enter(scenario.Host, scenario.Owner.WorkspaceId, scenario.Integration))
        {
            support.Get<CurrentWorkspace>().Enter(scenario.Owner.WorkspaceId, WorkspaceRole.Support);
            (await support.Get<RecordReplays>().RunAsync(RecordSelection.Of([failed.Id]), "D365 outage over", "support@test")).Queued.Count.ShouldBe(1);
        }
        await scenario.Engine.DrainAsync(default);
        await using (var db = scenario.OpenDb())
            (await scenario.Owner.Get<RampSyncReporter>().ReportAsync(await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == scenario.Integration), default)).StoppedBy.ShouldBeNull();

        var detail = (await scenario.Owner.Get<RecordExplorer>().DetailAsync(failed.Id)).ShouldNotBeNull();
        detail.Record.State.ShouldBe(SyncState.Confirmed);
        (detail.SourceSystem, detail.TargetSystem).ShouldBe(("Ramp", "Dynamics 365"));
        detail.Timeline.Select(t => (t.Action, t.Lane, t.Attempt)).ShouldBe(
        [
            (AuditAction.Received, TimelineLane.Source, null),
            (AuditAction.Fetched, TimelineLane.Source, 1), (AuditAction.Mapped, TimelineLane.Connector, 1), (AuditAction.Failed, TimelineLane.Target, 1),
            (AuditAction.Replayed, TimelineLane.Connector, null),
            (AuditAction.Fetched, TimelineLane.Source, 2), (AuditAction.Mapped, TimelineLane.Connector, 2), (AuditAction.Posted, TimelineLane.Target, 2),
            (AuditAction.Confirmed, TimelineLane.Source, 2),
        ]);
        detail.Timeline.Select(t => t.Id).ShouldBeInOrder();
        detail.Timeline.Single(t => t.Action == AuditAction.Failed).Message!.ShouldContain("temporarily unavailable");
        var replayed = detail.Timeline.Single(t => t.Action == AuditAction.Replayed);
        (replayed.Actor, replayed.Message).ShouldBe(("support@test", "Replayed (was Failed): D365 outage over"));
        detail.Timeline.Single(t => t.Action == AuditAction.Posted).Message!.ShouldContain(detail.Record.TargetDocumentId!);

        var (first, second) = (detail.Timeline.First(t => t.Action == AuditAction.Mapped).Payload!, detail.Timeline.Last(t => t.Action == AuditAction.Mapped).Payload!);
        first.Pretty!.ShouldContain($"\"InvoiceAccount\": \"{oldAccount}\"");
        first.Diff.ShouldBeNull();
        second.Sha256.ShouldNotBe(first.Sha256);
        second.Diff.ShouldNotBeNull().Where(l => l.Kind != DiffKind.Same).Select(l => (l.Kind, l.Text.Trim().TrimEnd(','))).ShouldBe(
            [(DiffKind.Removed, $"\"InvoiceAccount\": \"{oldAccount}\""), (DiffKind.Added, $"\"InvoiceAccount\": \"{newAccount}\"")]);
        detail.EarlierPayloadsKept.ShouldBeTrue();
        detail.MappedPayload!.ShouldContain(newAccount);
        detail.SourceSnapshot!.ShouldContain(id);
    }

    [Fact]
    public void Build_MarksAPayloadUnchangedSinceTheLastAttempt_AndLeavesOldTrailsReadable()
    {
        var payload = """{"InvoiceNumber":"INV-1","InvoiceAccount":"V1"}""";
        AuditEvent Event(long id, AuditAction action, string? detail = null) => new()
        {
            Id = id, Action = action, Actor = "worker", ToState = SyncState.InFlight, Detail = detail, At = DateTimeOffset.UnixEpoch.AddSeconds(id),
        };
        var timeline = RecordTimeline.Build(
        [
            Event(4, AuditAction.Mapped, PayloadTrail.Describe(payload, payload)), Event(1, AuditAction.Fetched), Event(2, AuditAction.Mapped, PayloadTrail.Describe(payload, null)),
            Event(3, AuditAction.Fetched), Event(5, AuditAction.Fetched), Event(6, AuditAction.Mapped, "an older trail's detail"),
        ]);
        timeline.Select(t => t.Id).ShouldBe([1, 2, 3, 4, 5, 6]);
        timeline[1].Payload.ShouldNotBeNull().Pretty.ShouldNotBeNull().ShouldContain("\n");
        timeline[3].Payload.ShouldNotBeNull().Unchanged.ShouldBeTrue();
        timeline[3].Payload!.Pretty.ShouldBeNull();
        timeline[3].Payload!.Sha256.ShouldBe(timeline[1].Payload!.Sha256);
        timeline[5].Payload.ShouldBeNull();
        timeline[5].Detail.ShouldBe("an older trail's detail");
        timeline.Select(t => t.Attempt).ShouldBe([1, 1, 2, 2, 3, 3]);
    }
}
