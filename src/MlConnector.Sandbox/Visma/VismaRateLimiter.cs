using System.Globalization;

namespace MlConnector.Sandbox.Visma;

/// <summary>
/// The optional built-in limit: a token bucket per (client id, company id), refilled continuously so that
/// <see cref="VismaRateLimit.Capacity"/> requests fit in <see cref="VismaRateLimit.WindowSeconds"/>.
/// Real Visma uses a fixed window (contract §8); a bucket gives the same headers without cliff edges.
/// </summary>
internal sealed class VismaRateLimiter(TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Client, int Company), (double Tokens, DateTimeOffset At)> buckets = [];

    /// <summary>Takes one request from the bucket; false (and the seconds to wait) when it is empty.</summary>
    public (bool Allowed, int Remaining, int ResetSeconds, int RetryAfterSeconds) TryTake(VismaRateLimit limit, string client, int company)
    {
        var now = clock.GetUtcNow();
        var perSecond = (double)limit.Capacity / Math.Max(1, limit.WindowSeconds);
        lock (gate)
        {
            var (tokens, at) = buckets.TryGetValue((client, company), out var bucket) ? bucket : (limit.Capacity, now);
            tokens = Math.Min(limit.Capacity, tokens + (now - at).TotalSeconds * perSecond);
            var allowed = tokens >= 1;
            if (allowed) tokens -= 1;
            buckets[(client, company)] = (tokens, now);
            var reset = (int)Math.Ceiling((limit.Capacity - tokens) / perSecond);
            var retryAfter = allowed ? 0 : Math.Max(1, (int)Math.Ceiling((1 - tokens) / perSecond));
            return (allowed, (int)Math.Floor(tokens), reset, retryAfter);
        }
    }

    public void Reset()
    {
        lock (gate) buckets.Clear();
    }

    /// <summary>The <c>X-RateLimit-*</c> headers of contract §8; Reset is in seconds.</summary>
    public static void WriteHeaders(HttpContext http, VismaRateLimit limit, int remaining, int resetSeconds)
    {
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = limit.Capacity.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = resetSeconds.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Policy"] = $"{limit.Capacity};w={limit.WindowSeconds}";
    }
}
