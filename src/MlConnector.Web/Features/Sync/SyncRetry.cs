namespace MlConnector.Web.Features.Sync;

/// <summary>When a transiently failed record is tried again: the system's Retry-After when it gave one, else exponential backoff with jitter.</summary>
public static class SyncRetry
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="jitter">A number in [0, 1): the share of the exponential step added on top (spreads a storm of retries).</param>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter, SyncOptions options, double jitter)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var step = Math.Min(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), options.RetryMaxDelay.TotalMilliseconds);
        // Half fixed, half jitter: never sooner than half the step, so a throttled system actually gets its pause.
        var backoff = TimeSpan.FromMilliseconds(step / 2 + step / 2 * jitter);
        // A Retry-After is the system's own word: never retry before it, even when our backoff is shorter.
        return retryAfter is { } wait && wait > backoff ? wait : backoff;
    }
}
