using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampWebhookDeliveryTests : RampWebhookTestBase
{
    [Fact]
    public async Task Events_BeforeVerification_AreNotDelivered()
    {
        using var client = await ClientAsync();
        await SubscribeAsync(client, "bills.paid");
        await Receiver.WaitForAsync(p => p.Type == "webhooks.verification");

        await EmitAsync(("bills.paid", Bill));
        await Task.Delay(300);

        Receiver.Received.ShouldNotContain(p => p.Type == "bills.paid");
    }

    [Fact]
    public async Task Event_IsAThinEnvelopeSignedWithTheSecret()
    {
        using var client = await ClientAsync();
        var (_, secret) = await SubscribeAndVerifyAsync(client, "bills.paid");

        (await Anonymous.PostAsync($"_control/bills/{Bill}/pay", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var post = (await Receiver.WaitForAsync(p => p.Type == "bills.paid")).Single();
        IsSignedWith(post, secret).ShouldBeTrue();
        post.Header("X-Ramp-Signature")!.ShouldMatch("^[0-9a-f]{64}$");
        var json = post.Json;
        json.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "type", "created_at", "business_id", "object"], ignoreOrder: true);
        json.GetProperty("object").GetProperty("id").GetString().ShouldBe(Bill);
        post.Header("X-Ramp-Webhook-ID").ShouldBe(json.GetProperty("id").GetString());
        (await GetAsync(client, $"developer/v1/bills/{Bill}")).Body.GetProperty("status").GetString().ShouldBe("PAID");
    }

    [Fact]
    public async Task Event_OnlyGoesToSubscriptionsForItsType()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "transactions.cleared");

        await EmitAsync(("bills.paid", Bill), ("transactions.cleared", Simulator.Company.Transactions[0].Id));

        await Receiver.WaitForAsync(p => p.Type == "transactions.cleared");
        await Task.Delay(200);
        Receiver.Received.ShouldNotContain(p => p.Type == "bills.paid");
    }

    [Fact]
    public async Task ClearTransaction_MakesItSyncReadyAndEmitsClearedThenReadyToSync()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "transactions.cleared", "transactions.ready_to_sync");
        var pending = Simulator.Company.Transactions.First(t => t.State == CardState.Pending).Id;

        (await Anonymous.PostAsync($"_control/transactions/{pending}/clear", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var posts = await Receiver.WaitForAsync(p => p.Type.StartsWith("transactions.", StringComparison.Ordinal), count: 2);
        posts.Select(p => p.Type).ShouldBe(["transactions.cleared", "transactions.ready_to_sync"]);
        (await GetAsync(client, $"developer/v1/transactions/{pending}")).Body.GetProperty("sync_status").GetString().ShouldBe("SYNC_READY");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Event_RetriedAfter429Or5xx_WithTheSameIdAndBytes(int failure)
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid");
        Receiver.AnswerNext(failure, times: 2);

        await EmitAsync(("bills.paid", Bill));

        var posts = await Receiver.WaitForAsync(p => p.Type == "bills.paid", count: 3);
        posts.Select(p => p.Json.GetProperty("id").GetString()).Distinct().Count().ShouldBe(1);
        posts.Select(WebhookReceiver.Body).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Event_RetriedAfterATimeout()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid");
        Receiver.AnswerNext(200, delay: TimeSpan.FromSeconds(3));

        await EmitAsync(("bills.paid", Bill));

        (await Receiver.WaitForAsync(p => p.Type == "bills.paid", count: 2)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Event_NotRetriedAfterA400()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid", "bills.approved");
        Receiver.AnswerNext(400);

        await EmitAsync(("bills.paid", Bill));
        await Receiver.WaitForAsync(p => p.Type == "bills.paid");
        // A later event proves the loop moved on; the refused one must not come back.
        await EmitAsync(("bills.approved", Bill));
        await Receiver.WaitForAsync(p => p.Type == "bills.approved");
        await Task.Delay(300);

        Receiver.Received.Count(p => p.Type == "bills.paid").ShouldBe(1);
    }

    [Fact]
    public async Task Event_GivesUpAfterMaxAttempts()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid");
        Simulator.WebhookOptions = Simulator.WebhookOptions with { MaxAttempts = 3 };
        Receiver.AnswerNext(500, times: 10);

        await EmitAsync(("bills.paid", Bill));
        await Receiver.WaitForAsync(p => p.Type == "bills.paid", count: 3);
        await Task.Delay(400);

        Receiver.Received.Count(p => p.Type == "bills.paid").ShouldBe(3);
    }

    [Fact]
    public async Task Events_InOrderByDefault_ReversedWhenOutOfOrderDeliveriesIsOn()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.created", "bills.approved", "bills.paid");
        await EmitAsync(("bills.created", Bill), ("bills.approved", Bill), ("bills.paid", Bill));
        (await Receiver.WaitForAsync(p => p.Type.StartsWith("bills.", StringComparison.Ordinal), count: 3)).Select(p => p.Type)
            .ShouldBe(["bills.created", "bills.approved", "bills.paid"]);

        (await Anonymous.PutAsync("_control/faults", System.Net.Http.Json.JsonContent.Create(new { OutOfOrderDeliveries = true }))).EnsureSuccessStatusCode();
        await EmitAsync(("bills.created", Bill), ("bills.approved", Bill), ("bills.paid", Bill));

        var all = await Receiver.WaitForAsync(p => p.Type.StartsWith("bills.", StringComparison.Ordinal), count: 6);
        all.Skip(3).Select(p => p.Type).ShouldBe(["bills.paid", "bills.approved", "bills.created"]);
    }

    [Fact]
    public async Task Events_DeliveredTwiceWhenDuplicateDeliveriesIsOn()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid");
        (await Anonymous.PutAsync("_control/faults", System.Net.Http.Json.JsonContent.Create(new { DuplicateDeliveries = true }))).EnsureSuccessStatusCode();

        await EmitAsync(("bills.paid", Bill));

        var posts = await Receiver.WaitForAsync(p => p.Type == "bills.paid", count: 2);
        posts.Select(p => p.Json.GetProperty("id").GetString()).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Delete_StopsDeliveries()
    {
        using var client = await ClientAsync();
        var (id, _) = await SubscribeAndVerifyAsync(client, "bills.paid");

        (await SendAsync(client, HttpMethod.Delete, $"developer/v1/webhooks/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        await EmitAsync(("bills.paid", Bill));
        await Task.Delay(300);

        Receiver.Received.ShouldNotContain(p => p.Type == "bills.paid");
        (await GetAsync(client, $"developer/v1/webhooks/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MockWebhookEvent_SendsASignedEventToActiveSubscriptions()
    {
        using var client = await ClientAsync();
        var (_, secret) = await SubscribeAndVerifyAsync(client, "transactions.ready_to_sync");
        var id = Simulator.Company.Transactions[0].Id;

        var (status, _) = await PostAsync(client, "developer/v1/webhooks/mock-webhook-event", new { event_type = "transactions.ready_to_sync", object_id = id });

        status.ShouldBe(HttpStatusCode.Created);
        var post = (await Receiver.WaitForAsync(p => p.Type == "transactions.ready_to_sync")).Single();
        IsSignedWith(post, secret).ShouldBeTrue();
        post.Json.GetProperty("object").GetProperty("id").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task MockWebhookEvent_UnknownEventType_Returns422()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/webhooks/mock-webhook-event", new { event_type = "bills.teleported", object_id = Bill });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Delete_DuringRetries_StopsFurtherAttempts()
    {
        using var client = await ClientAsync();
        var (id, _) = await SubscribeAndVerifyAsync(client, "bills.paid");
        // Delays of 0–150 ms: without the check, the 8 attempts left would still be arriving long after the delete.
        Simulator.WebhookOptions = Simulator.WebhookOptions with { FirstRetryDelay = TimeSpan.FromMilliseconds(150), MaxRetryDelay = TimeSpan.FromMilliseconds(150) };
        Receiver.AnswerNext(500, times: 1000);
        await EmitAsync(("bills.paid", Bill));
        await Receiver.WaitForAsync(p => p.Type == "bills.paid", count: 2);

        (await SendAsync(client, HttpMethod.Delete, $"developer/v1/webhooks/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        await Task.Delay(200);
        var afterDelete = Receiver.Received.Count(p => p.Type == "bills.paid");
        await Task.Delay(800);

        Receiver.Received.Count(p => p.Type == "bills.paid").ShouldBe(afterDelete);
    }

    [Fact]
    public async Task ApproveBill_EmitsBillsApproved()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.approved");
        var draft = Simulator.Company.Bills.First(b => b.Status == BillStatus.Draft).Id;

        (await Anonymous.PostAsync($"_control/bills/{draft}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Receiver.WaitForAsync(p => p.Type == "bills.approved")).Single().Json.GetProperty("object").GetProperty("id").GetString().ShouldBe(draft);
    }
}
