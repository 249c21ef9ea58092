using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampWebhookTests : RampTestBase
{
    private WebhookReceiver receiver = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        receiver = await WebhookReceiver.StartAsync();
        // Millisecond retries so retry tests run fast; the schedule's shape (exponential, jitter) stays the same.
        Simulator.WebhookOptions = new RampWebhookOptions
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromMilliseconds(500),
        };
    }

    public override async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private static bool IsSignedWith(ReceivedWebhook post, string secret) =>
        post.Header("X-Ramp-Signature") == Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), post.Body));

    private async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, params string[] eventTypes)
    {
        var (status, body) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = receiver.Url, event_types = eventTypes });
        status.ShouldBe(HttpStatusCode.Created);
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    /// <summary>Subscribes, answers the handshake like a receiver would, and verifies the challenge.</summary>
    private async Task<(string Id, string Secret)> SubscribeAndVerifyAsync(HttpClient client, params string[] eventTypes)
    {
        var (id, secret) = await SubscribeAsync(client, eventTypes);
        var challenge = (await receiver.WaitForAsync(p => p.Type == "webhooks.verification"))[0].Json.GetProperty("challenge").GetString();
        (await PostAsync(client, $"developer/v1/webhooks/{id}/verify", new { challenge })).Status.ShouldBe(HttpStatusCode.OK);
        return (id, secret);
    }

    private async Task EmitAsync(params (string Type, string Id)[] events)
    {
        using var response = await Anonymous.PostAsync("_control/events",
            System.Net.Http.Json.JsonContent.Create(events.Select(e => new { eventType = e.Type, objectId = e.Id })));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    private string Bill => Simulator.Company.Bills.First(b => b.Status == BillStatus.Approved).Id;

    [Fact]
    public async Task Subscribe_Returns201WithSecretOncePendingVerification()
    {
        using var client = await ClientAsync();

        var (status, body) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = receiver.Url, event_types = new[] { "bills.paid" } });

        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("status").GetString().ShouldBe("pending_verification");
        body.GetProperty("secret").GetString().ShouldNotBeNullOrEmpty();
        var id = body.GetProperty("id").GetString();
        (await GetAsync(client, $"developer/v1/webhooks/{id}")).Body.TryGetProperty("secret", out _).ShouldBeFalse();
        (await GetAsync(client, "developer/v1/webhooks")).Body.EnumerateArray().Single().TryGetProperty("secret", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Subscribe_PostsASignedVerificationChallenge()
    {
        using var client = await ClientAsync();

        var (_, secret) = await SubscribeAsync(client, "bills.paid");

        var post = (await receiver.WaitForAsync(p => p.Type == "webhooks.verification")).Single();
        post.Json.GetProperty("challenge").GetString().ShouldNotBeNullOrEmpty();
        IsSignedWith(post, secret).ShouldBeTrue();
        post.Header("X-Ramp-Webhook-ID").ShouldBeNull();
    }

    [Fact]
    public async Task Verify_WithTheChallenge_ActivatesTheSubscription()
    {
        using var client = await ClientAsync();

        var (id, _) = await SubscribeAndVerifyAsync(client, "bills.paid");

        (await GetAsync(client, $"developer/v1/webhooks/{id}")).Body.GetProperty("status").GetString().ShouldBe("active");
    }

    [Fact]
    public async Task Verify_WithAWrongChallenge_Returns400AndStaysPending()
    {
        using var client = await ClientAsync();
        var (id, _) = await SubscribeAsync(client, "bills.paid");

        var (status, _) = await PostAsync(client, $"developer/v1/webhooks/{id}/verify", new { challenge = "guess" });

        status.ShouldBe(HttpStatusCode.BadRequest);
        (await GetAsync(client, $"developer/v1/webhooks/{id}")).Body.GetProperty("status").GetString().ShouldBe("pending_verification");
    }

    [Fact]
    public async Task Subscribe_WithoutTheEventFamilysReadScope_Returns403()
    {
        using var client = await ClientAsync("transactions:read");

        var (status, body) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = receiver.Url, event_types = new[] { "bills.paid" } });

        status.ShouldBe(HttpStatusCode.Forbidden);
        ErrorCode(body).ShouldBe("DEVELOPER_7100");
    }

    [Fact]
    public async Task Subscribe_UnknownEventType_Returns422()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = receiver.Url, event_types = new[] { "bills.teleported" } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Subscribe_RelativeUrl_Returns422()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = "/hook", event_types = new[] { "bills.paid" } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Subscribe_WithoutBearer_Returns401()
    {
        var (status, _) = await PostAsync(Anonymous, "developer/v1/webhooks", new { endpoint_url = receiver.Url, event_types = new[] { "bills.paid" } });

        status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Events_BeforeVerification_AreNotDelivered()
    {
        using var client = await ClientAsync();
        await SubscribeAsync(client, "bills.paid");
        await receiver.WaitForAsync(p => p.Type == "webhooks.verification");

        await EmitAsync(("bills.paid", Bill));
        await Task.Delay(300);

        receiver.Received.ShouldNotContain(p => p.Type == "bills.paid");
    }

    [Fact]
    public async Task Event_IsAThinEnvelopeSignedWithTheSecret()
    {
        using var client = await ClientAsync();
        var (_, secret) = await SubscribeAndVerifyAsync(client, "bills.paid");

        (await Anonymous.PostAsync($"_control/bills/{Bill}/pay", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var post = (await receiver.WaitForAsync(p => p.Type == "bills.paid")).Single();
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

        await receiver.WaitForAsync(p => p.Type == "transactions.cleared");
        await Task.Delay(200);
        receiver.Received.ShouldNotContain(p => p.Type == "bills.paid");
    }

    [Fact]
    public async Task ClearTransaction_MakesItSyncReadyAndEmitsClearedThenReadyToSync()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "transactions.cleared", "transactions.ready_to_sync");
        var pending = Simulator.Company.Transactions.First(t => t.State == CardState.Pending).Id;

        (await Anonymous.PostAsync($"_control/transactions/{pending}/clear", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var posts = await receiver.WaitForAsync(p => p.Type.StartsWith("transactions.", StringComparison.Ordinal), count: 2);
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
        receiver.AnswerNext(failure, times: 2);

        await EmitAsync(("bills.paid", Bill));

        var posts = await receiver.WaitForAsync(p => p.Type == "bills.paid", count: 3);
        posts.Select(p => p.Json.GetProperty("id").GetString()).Distinct().Count().ShouldBe(1);
        posts.Select(WebhookReceiver.Body).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Event_RetriedAfterATimeout()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid");
        receiver.AnswerNext(200, delay: TimeSpan.FromSeconds(3));

        await EmitAsync(("bills.paid", Bill));

        (await receiver.WaitForAsync(p => p.Type == "bills.paid", count: 2)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Event_NotRetriedAfterA400()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid", "bills.approved");
        receiver.AnswerNext(400);

        await EmitAsync(("bills.paid", Bill));
        await receiver.WaitForAsync(p => p.Type == "bills.paid");
        // A later event proves the loop moved on; the refused one must not come back.
        await EmitAsync(("bills.approved", Bill));
        await receiver.WaitForAsync(p => p.Type == "bills.approved");
        await Task.Delay(300);

        receiver.Received.Count(p => p.Type == "bills.paid").ShouldBe(1);
    }

    [Fact]
    public async Task Event_GivesUpAfterMaxAttempts()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid");
        Simulator.WebhookOptions = Simulator.WebhookOptions with { MaxAttempts = 3 };
        receiver.AnswerNext(500, times: 10);

        await EmitAsync(("bills.paid", Bill));
        await receiver.WaitForAsync(p => p.Type == "bills.paid", count: 3);
        await Task.Delay(400);

        receiver.Received.Count(p => p.Type == "bills.paid").ShouldBe(3);
    }

    [Fact]
    public async Task Events_InOrderByDefault_ReversedWhenOutOfOrderDeliveriesIsOn()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.created", "bills.approved", "bills.paid");
        await EmitAsync(("bills.created", Bill), ("bills.approved", Bill), ("bills.paid", Bill));
        (await receiver.WaitForAsync(p => p.Type.StartsWith("bills.", StringComparison.Ordinal), count: 3)).Select(p => p.Type)
            .ShouldBe(["bills.created", "bills.approved", "bills.paid"]);

        (await Anonymous.PutAsync("_control/faults", System.Net.Http.Json.JsonContent.Create(new { OutOfOrderDeliveries = true }))).EnsureSuccessStatusCode();
        await EmitAsync(("bills.created", Bill), ("bills.approved", Bill), ("bills.paid", Bill));

        var all = await receiver.WaitForAsync(p => p.Type.StartsWith("bills.", StringComparison.Ordinal), count: 6);
        all.Skip(3).Select(p => p.Type).ShouldBe(["bills.paid", "bills.approved", "bills.created"]);
    }

    [Fact]
    public async Task Events_DeliveredTwiceWhenDuplicateDeliveriesIsOn()
    {
        using var client = await ClientAsync();
        await SubscribeAndVerifyAsync(client, "bills.paid");
        (await Anonymous.PutAsync("_control/faults", System.Net.Http.Json.JsonContent.Create(new { DuplicateDeliveries = true }))).EnsureSuccessStatusCode();

        await EmitAsync(("bills.paid", Bill));

        var posts = await receiver.WaitForAsync(p => p.Type == "bills.paid", count: 2);
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

        receiver.Received.ShouldNotContain(p => p.Type == "bills.paid");
        (await GetAsync(client, $"developer/v1/webhooks/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Subscribe_AdditionalHeaders_AreSentWithDeliveries()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/webhooks", new
        {
            endpoint_url = receiver.Url, event_types = new[] { "bills.paid" }, additional_headers = new Dictionary<string, string> { ["X-Tenant"] = "harbor" },
        });

        status.ShouldBe(HttpStatusCode.Created);
        (await receiver.WaitForAsync(p => p.Type == "webhooks.verification")).Single().Header("X-Tenant").ShouldBe("harbor");
    }

    [Fact]
    public async Task Subscribe_ReservedAdditionalHeader_Returns422()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/webhooks", new
        {
            endpoint_url = receiver.Url, event_types = new[] { "bills.paid" }, additional_headers = new Dictionary<string, string> { ["Host"] = "evil" },
        });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}
