using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MlConnector.Sandbox.Shared;

namespace MlConnector.Sandbox.Ramp;

/// <summary>Delivery timings; tests shorten them so retries take milliseconds.</summary>
public sealed record RampWebhookOptions
{
    /// <summary>Total attempts per delivery (Ramp: 10).</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Upper bound of the first retry delay; doubles each attempt (full jitter).</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The receiver must answer within this (Ramp: 10 s) or the attempt counts as a timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>One signed POST to a subscriber: the exact bytes are signed and sent, retries resend the same bytes.</summary>
internal sealed record WebhookDelivery(string SubscriptionId, string Url, string Secret, string? EventId, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public int Attempt { get; init; }
}

/// <summary>
/// A background loop that POSTs webhook deliveries with real HTTP: 2xx is done, 429/5xx/timeouts/connection errors are
/// retried with exponential backoff and full jitter, other statuses are dropped. Batches go out in order unless the
/// fault switches ask for duplicates or out-of-order delivery.
/// </summary>
internal sealed class RampWebhookDispatcher : IAsyncDisposable
{
    public const string SignatureHeader = "X-Ramp-Signature";
    public const string WebhookIdHeader = "X-Ramp-Webhook-ID";

    private readonly Channel<IReadOnlyList<WebhookDelivery>> queue = Channel.CreateUnbounded<IReadOnlyList<WebhookDelivery>>();
    private readonly CancellationTokenSource stopping = new();
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    private readonly SimulatorFaults faults;
    private readonly Func<string, bool> subscribed;
    private readonly Task loop;

    /// <param name="subscribed">Whether a subscription still exists: deleted (or reset) ones get no further attempts.</param>
    public RampWebhookDispatcher(SimulatorFaults faults, Func<string, bool> subscribed)
    {
        this.faults = faults;
        this.subscribed = subscribed;
        loop = Task.Run(RunAsync);
    }

    public RampWebhookOptions Options { get; set; } = new();

    public static string Sign(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static byte[] Serialize(object payload) => JsonSerializer.SerializeToUtf8Bytes(payload, RampJson.Options);

    public void Enqueue(IReadOnlyList<WebhookDelivery> batch)
    {
        if (batch.Count > 0) queue.Writer.TryWrite(batch);
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var batch in queue.Reader.ReadAllAsync(stopping.Token))
            {
                var settings = faults.Settings;
                var ordered = settings.OutOfOrderDeliveries ? batch.Reverse().ToList() : batch.ToList();
                foreach (var delivery in ordered)
                {
                    await SendAsync(delivery);
                    // Duplicates are what at-least-once delivery gives; every event is repeated so tests can rely on it.
                    if (settings.DuplicateDeliveries && delivery.EventId is not null) await SendAsync(delivery);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(WebhookDelivery delivery)
    {
        var options = Options;
        if (!subscribed(delivery.SubscriptionId)) return;
        bool retry;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(options.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Body) };
            request.Content.Headers.ContentType = new("application/json");
            foreach (var (name, value) in delivery.Headers) request.Headers.TryAddWithoutValidation(name, value);
            request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(delivery.Secret, delivery.Body));
            if (delivery.EventId is not null) request.Headers.TryAddWithoutValidation(WebhookIdHeader, delivery.EventId);
            using var response = await http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            retry = status == 429 || status >= 500;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            retry = true;
        }
        if (!retry || delivery.Attempt + 1 >= options.MaxAttempts) return;

        // Retries run beside the loop so one failing subscriber does not hold up the others.
        var ceiling = Math.Min(options.MaxRetryDelay.TotalMilliseconds, options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, delivery.Attempt));
        var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, stopping.Token);
                await SendAsync(delivery with { Attempt = delivery.Attempt + 1 });
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
        http.Dispose();
        stopping.Dispose();
    }
}
