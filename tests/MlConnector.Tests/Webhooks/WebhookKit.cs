using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Webhooks;

namespace MlConnector.Tests.Webhooks;

/// <summary>Deliveries to the portal's webhook endpoint as Ramp (or someone pretending to be Ramp) would send them.</summary>
public static class WebhookKit
{
    public static byte[] Envelope(string eventId, string type, string objectId) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        id = eventId, type, created_at = DateTimeOffset.UtcNow.ToString("O"), business_id = "biz", @object = new { id = objectId },
    });

    public static async Task<HttpResponseMessage> DeliverAsync(PortalHost host, Guid integrationId, byte[] body, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"webhooks/ramp/{integrationId}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    /// <summary>The subscription's signing secret as stored (decrypted the way the receiver does).</summary>
    public static async Task<string> SecretAsync(SyncScenario scenario)
    {
        await using var db = scenario.OpenDb();
        var subscription = await db.WebhookSubscriptions.SingleAsync(s => s.IntegrationId == scenario.Integration);
        return scenario.Owner.Get<WebhookSecrets>().Unprotect(scenario.Owner.WorkspaceId, subscription.SecretCiphertext);
    }

    public static async Task<WebhookSubscription> SubscribeAsync(SyncScenario scenario)
    {
        var subscribed = await scenario.Owner.Get<RampWebhookSubscriptions>().SubscribeAsync(scenario.Integration, "owner-user");
        subscribed.IsOk.ShouldBeTrue(subscribed.Failure?.Message);
        subscribed.Value!.Status.ShouldBe(RampWebhookSubscriptions.Active, "the handshake completed within the wait");
        return subscribed.Value;
    }

    public static async Task<List<InboundEvent>> EventsAsync(SyncScenario scenario)
    {
        await using var db = scenario.OpenDb();
        return await db.InboundEvents.AsNoTracking().Where(e => e.EventType != "webhooks.verification").OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails the test with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, string what, double seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }

    public static string Text(byte[] body) => Encoding.UTF8.GetString(body);
}
