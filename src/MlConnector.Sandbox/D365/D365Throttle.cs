namespace MlConnector.Sandbox.D365;

/// <summary>
/// Service protection per app (contract §8, §11): a token bucket per client id holding
/// <see cref="D365Settings.RequestsPerMinutePerClient"/> requests and refilling evenly over a minute. An empty bucket
/// means 429 with Retry-After = seconds until the next request would fit. Off (null) by default.
/// </summary>
public sealed class D365Throttle(TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> buckets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the request may go ahead, else the Retry-After in whole seconds.</summary>
    public int? Take(string clientId, int? perMinute)
    {
        if (perMinute is not > 0) return null;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var (tokens, at) = buckets.GetValueOrDefault(clientId, (perMinute.Value, now));
            tokens = Math.Min(perMinute.Value, tokens + (now - at).TotalMinutes * perMinute.Value);
            if (tokens >= 1)
            {
                buckets[clientId] = (tokens - 1, now);
                return null;
            }
            buckets[clientId] = (tokens, now);
            return Math.Max(1, (int)Math.Ceiling((1 - tokens) * 60 / perMinute.Value));
        }
    }

    public void Reset()
    {
        lock (gate) buckets.Clear();
    }
}
