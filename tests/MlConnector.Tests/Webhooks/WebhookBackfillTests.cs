using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Webhooks;
using Quartz;

namespace MlConnector.Tests.Webhooks;

public sealed class WebhookBackfillTests
{
    [Fact]
    public async Task AcceptedDeliveriesLeftUnhandled_AreHandedOverWhenTheBackfillJobFires()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0].GetProperty("id").GetString()!;
        var now = DateTimeOffset.UtcNow;
        // As a node leaves them when it stops between storing and handing over.
        await using (var db = scenario.OpenDb())
        {
            db.InboundEvents.AddRange(
                Stored(scenario.Integration, "evt_bill", "bills.approved", bill, now.AddMinutes(-5)),
                Stored(scenario.Integration, "evt_reimbursement", "reimbursements.ready_to_sync", "reimb_1", now.AddMinutes(-5)),
                // Just arrived: the receiving node is still handing it over, so the backfill leaves it.
                Stored(scenario.Integration, "evt_fresh", "bills.approved", "bill_fresh", now));
            await db.SaveChangesAsync();
        }
        var scheduler = await scenario.Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = (await scheduler.GetTriggersOfJob(WebhookBackfillJob.Key)).ShouldHaveSingleItem().ShouldBeAssignableTo<ISimpleTrigger>()!;
        trigger.RepeatInterval.ShouldBe(TimeSpan.FromHours(1), "the scenario's Sync:ScheduleEvery");

        await scheduler.TriggerJob(WebhookBackfillJob.Key);

        await WebhookKit.UntilAsync(async () => (await WebhookKit.EventsAsync(scenario)).Count(e => e.ProcessedAt != null) == 2, "the job handed both over");
        var events = (await WebhookKit.EventsAsync(scenario)).ToDictionary(e => e.EventId);
        events["evt_bill"].Outcome.ShouldBe($"{LedgerProbeFlow.FlowName}: 1 new, 0 queued again, 0 unchanged.");
        events["evt_bill"].Attempts.ShouldBe(1);
        events["evt_reimbursement"].Outcome.ShouldBe("No flow of this integration that is on takes reimbursements.ready_to_sync events; nothing to do.");
        events["evt_fresh"].ProcessedAt.ShouldBeNull();
        (await scenario.TrailAsync((await scenario.RecordAsync(bill)).Id)).ShouldHaveSingleItem().Actor.ShouldBe("webhook");
        await using (var db = scenario.OpenDb())
            (await db.SyncRecords.CountAsync()).ShouldBe(1);
    }

    private static InboundEvent Stored(Guid integration, string id, string type, string objectId, DateTimeOffset at) => new()
    {
        IntegrationId = integration, Provider = WebhookProviders.Ramp, EventId = id, EventType = type, ObjectId = objectId, ReceivedAt = at, Accepted = true,
        RawBody = WebhookKit.Text(WebhookKit.Envelope(id, type, objectId)),
    };
}
