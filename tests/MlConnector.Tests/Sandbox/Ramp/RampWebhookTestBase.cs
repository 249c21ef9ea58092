using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Ramp;

/// <summary>Ramp tests with a live webhook receiver and millisecond retry delays.</summary>
public abstract class RampWebhookTestBase : RampTestBase
{
    protected WebhookReceiver Receiver { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
        // Millisecond retries so retry tests run fast; the schedule's shape (exponential, jitter) stays the same.
        Simulator.WebhookOptions = new RampWebhookOptions
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromMilliseconds(500),
        };
    }

    public override async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    protected static bool IsSignedWith(ReceivedWebhook post, string secret) =>
        post.Header("X-Ramp-Signature") == Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), post.Body));

    protected async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, params string[] eventTypes)
    {
        var (status, body) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = Receiver.Url, event_types = eventTypes });
        status.ShouldBe(HttpStatusCode.Created);
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    /// <summary>Subscribes, answers the handshake like a Receiver would, and verifies the challenge.</summary>
    protected async Task<(string Id, string Secret)> SubscribeAndVerifyAsync(HttpClient client, params string[] eventTypes)
    {
        var (id, secret) = await SubscribeAsync(client, eventTypes);
        var challenge = (await Receiver.WaitForAsync(p => p.Type == "webhooks.verification"))[0].Json.GetProperty("challenge").GetString();
        (await PostAsync(client, $"developer/v1/webhooks/{id}/verify", new { challenge })).Status.ShouldBe(HttpStatusCode.OK);
        return (id, secret);
    }

    protected async Task EmitAsync(params (string Type, string Id)[] events)
    {
        using var response = await Anonymous.PostAsync("_control/events",
            System.Net.Http.Json.JsonContent.Create(events.Select(e => new { eventType = e.Type, objectId = e.Id })));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    protected string Bill => Simulator.Company.Bills.First(b => b.Status == BillStatus.Approved).Id;
}
