using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampWebhookSubscriptionTests : RampWebhookTestBase
{
    [Fact]
    public async Task Subscribe_Returns201WithSecretOncePendingVerification()
    {
        using var client = await ClientAsync();

        var (status, body) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = Receiver.Url, event_types = new[] { "bills.paid" } });

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

        var post = (await Receiver.WaitForAsync(p => p.Type == "webhooks.verification")).Single();
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

        var (status, body) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = Receiver.Url, event_types = new[] { "bills.paid" } });

        status.ShouldBe(HttpStatusCode.Forbidden);
        ErrorCode(body).ShouldBe("DEVELOPER_7100");
    }

    [Fact]
    public async Task Subscribe_UnknownEventType_Returns422()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = Receiver.Url, event_types = new[] { "bills.teleported" } });

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
        var (status, _) = await PostAsync(Anonymous, "developer/v1/webhooks", new { endpoint_url = Receiver.Url, event_types = new[] { "bills.paid" } });

        status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Subscribe_AdditionalHeaders_AreSentWithDeliveries()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/webhooks", new
        {
            endpoint_url = Receiver.Url, event_types = new[] { "bills.paid" }, additional_headers = new Dictionary<string, string> { ["X-Tenant"] = "harbor" },
        });

        status.ShouldBe(HttpStatusCode.Created);
        (await Receiver.WaitForAsync(p => p.Type == "webhooks.verification")).Single().Header("X-Tenant").ShouldBe("harbor");
    }

    [Fact]
    public async Task Subscribe_ReservedAdditionalHeader_Returns422()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/webhooks", new
        {
            endpoint_url = Receiver.Url, event_types = new[] { "bills.paid" }, additional_headers = new Dictionary<string, string> { ["Host"] = "evil" },
        });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}
