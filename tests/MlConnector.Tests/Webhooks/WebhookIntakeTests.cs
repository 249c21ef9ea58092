using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Webhooks;

/// <summary>Deliveries over real HTTP to the portal's endpoint, from the Ramp simulator and from impostors, on a real database.</summary>
public sealed class WebhookIntakeTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ASignedEventFromRamp_IsStored_AndBecomesARecordThatPostsAfterAFreshRead(Db database)
    {
        await using var scenario = await SyncScenario.StartAsync(database);
        await WebhookKit.SubscribeAsync(scenario);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0].GetProperty("id").GetString()!;

        // Ramp's own test event (2026): a real, signed delivery to every active subscription that wants the type.
        using (var ramp = await SandboxRampApi.CreateAsync(scenario.Host))
            (await ramp.PostAsJsonAsync("webhooks/mock-webhook-event", new { event_type = "bills.approved", object_id = bill })).StatusCode.ShouldBe(HttpStatusCode.Created);

        await WebhookKit.UntilAsync(async () => (await WebhookKit.EventsAsync(scenario)).Any(e => e.ProcessedAt != null), "the delivery was handed over");
        var received = (await WebhookKit.EventsAsync(scenario)).ShouldHaveSingleItem();
        (received.Accepted, received.EventType, received.ObjectId, received.RejectReason).ShouldBe((true, "bills.approved", bill, null));
        received.EventId.ShouldNotBeNullOrEmpty();
        received.RawBody.ShouldNotBeNull().ShouldContain(bill);
        received.Outcome.ShouldBe($"{LedgerProbeFlow.FlowName}: 1 new, 0 queued again, 0 unchanged.");
        var record = await scenario.RecordAsync(bill);
        record.State.ShouldBe(SyncState.Pending);
        (await scenario.TrailAsync(record.Id)).ShouldHaveSingleItem().Actor.ShouldBe("webhook");

        // The event was only a hint: the engine reads the bill from Ramp and posts what it reads.
        await scenario.Engine.DrainAsync(default);
        (await scenario.RecordAsync(bill)).State.ShouldBe(SyncState.Posted);
    }

    [Fact]
    public async Task ForgedUnsignedAndOversizedDeliveries_AreRefused_AndRecorded_WithoutTakingTheRealEventsId()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        await WebhookKit.SubscribeAsync(scenario);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0].GetProperty("id").GetString()!;
        var body = WebhookKit.Envelope("evt_claimed", "bills.approved", bill);

        using (var forged = await WebhookKit.DeliverAsync(scenario.Host, scenario.Integration, body, ("X-Ramp-Signature", WebhookSignature("not-the-secret", body))))
            forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var unsigned = await WebhookKit.DeliverAsync(scenario.Host, scenario.Integration, body, ("X-Ramp-Webhook-ID", "evt_claimed")))
            unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var huge = new byte[1024 * 1024 + 1];
        using (var tooLarge = await WebhookKit.DeliverAsync(scenario.Host, scenario.Integration, huge, ("X-Ramp-Webhook-ID", "evt_huge")))
            tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        using (var nowhere = await WebhookKit.DeliverAsync(scenario.Host, Guid.NewGuid(), body, ("X-Ramp-Signature", WebhookSignature(await WebhookKit.SecretAsync(scenario), body))))
            nowhere.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var refused = await WebhookKit.EventsAsync(scenario);
        refused.Select(e => (e.Accepted, e.EventId, e.RejectReason)).ShouldBe([
            (false, "evt_claimed", "Signature does not match"),
            (false, "evt_claimed", "Unsigned"),
            (false, "evt_huge", "Body over 1,048,576 bytes"),
        ]);
        refused[0].RawBody.ShouldBe(WebhookKit.Text(body));
        refused[2].RawBody.ShouldBeNull();
        refused.ShouldAllBe(e => e.ProcessedAt == null && e.IntegrationId == scenario.Integration);
        await using (var db = scenario.OpenDb())
            (await db.SyncRecords.CountAsync()).ShouldBe(0);

        // The real event with the id the impostors claimed is still taken.
        using (var genuine = await WebhookKit.DeliverAsync(scenario.Host, scenario.Integration, body,
                   ("X-Ramp-Signature", WebhookSignature(await WebhookKit.SecretAsync(scenario), body))))
            genuine.StatusCode.ShouldBe(HttpStatusCode.OK);
        await WebhookKit.UntilAsync(async () => (await WebhookKit.EventsAsync(scenario)).Any(e => e.Accepted && e.ProcessedAt != null), "the genuine event was handed over");
        (await scenario.RecordAsync(bill)).State.ShouldBe(SyncState.Pending);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task TheSameEventTwice_UnderEitherHeader_IsOneInboundEvent_AndOneRecord(Db database)
    {
        await using var scenario = await SyncScenario.StartAsync(database);
        await WebhookKit.SubscribeAsync(scenario);
        var secret = await WebhookKit.SecretAsync(scenario);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0].GetProperty("id").GetString()!;
        var body = WebhookKit.Envelope("evt_twice", "bills.approved", bill);
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);

        // 2026 header with lowercase hex, then Ramp's retry as the 2025 doc describes it: the other header, base64.
        using (var first = await WebhookKit.DeliverAsync(scenario.Host, scenario.Integration, body, ("X-Ramp-Signature", Convert.ToHexStringLower(digest))))
            (await first.Content.ReadAsStringAsync()).ShouldContain("received");
        using (var again = await WebhookKit.DeliverAsync(scenario.Host, scenario.Integration, body, ("X-Ramp-Webhook-Signature", "sha256=" + Convert.ToBase64String(digest))))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await again.Content.ReadAsStringAsync()).ShouldContain("duplicate");
        }
        // A later event about the same bill, arriving before an earlier one: harmless, the bill is read again anyway.
        var later = WebhookKit.Envelope("evt_later", "bills.updated", bill);
        using (var outOfOrder = await WebhookKit.DeliverAsync(scenario.Host, scenario.Integration, later, ("X-Ramp-Signature", WebhookSignature(secret, later))))
            outOfOrder.StatusCode.ShouldBe(HttpStatusCode.OK);

        await WebhookKit.UntilAsync(async () => (await WebhookKit.EventsAsync(scenario)).Count(e => e.ProcessedAt != null) == 2, "both events were handed over");
        (await WebhookKit.EventsAsync(scenario)).Select(e => e.EventId).ShouldBe(["evt_twice", "evt_later"]);
        await using var db = scenario.OpenDb();
        (await db.SyncRecords.CountAsync(r => r.SourceId == bill)).ShouldBe(1);
    }

    private static string WebhookSignature(string secret, byte[] body) => MlConnector.Web.Features.Webhooks.WebhookSignature.Sign(secret, body);
}
