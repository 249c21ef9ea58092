using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlConnector.Tests.Infrastructure;

/// <summary>One POST the receiver got: headers and the exact body bytes (signatures are over those).</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;
}

/// <summary>
/// A webhook subscriber on a real port (127.0.0.1:0), standing in for Ramp's subscribers and for a customer's notification
/// endpoint: records every POST and answers 200, or the statuses queued with
/// <see cref="AnswerNext"/>, optionally after a delay (to provoke the sender's timeout).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(int Status, TimeSpan Delay)> answers = new();
    private readonly List<ReceivedWebhook> received = [];
    private readonly Lock gate = new();
    private WebApplication app = default!;

    public Uri Url { get; private set; } = default!;

    public int Port => Url.Port;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        receiver.app = builder.Build();
        receiver.app.MapPost("/hook", receiver.HandleAsync);
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/hook");
        return receiver;
    }

    /// <summary>The next <paramref name="times"/> posts get <paramref name="status"/> (after <paramref name="delay"/>).</summary>
    public void AnswerNext(int status, int times = 1, TimeSpan delay = default)
    {
        for (var i = 0; i < times; i++) answers.Enqueue((status, delay));
    }

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get { lock (gate) return [.. received]; }
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var post = new ReceivedWebhook(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            buffer.ToArray(), DateTimeOffset.UtcNow);
        lock (gate) received.Add(post);
        var (status, delay) = answers.TryDequeue(out var answer) ? answer : (200, TimeSpan.Zero);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        http.Response.StatusCode = status;
    }

    /// <summary>Waits until <paramref name="count"/> posts match (fails the test after <paramref name="seconds"/>).</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<ReceivedWebhook, bool> match, int count = 1, double seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var matching = Received.Where(match).ToList();
            if (matching.Count >= count) return matching;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Expected {count} matching webhook posts, got {matching.Count} (of {Received.Count}).");
            await Task.Delay(20);
        }
    }

    public static string Body(ReceivedWebhook post) => Encoding.UTF8.GetString(post.Body);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
