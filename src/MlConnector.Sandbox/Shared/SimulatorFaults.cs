namespace MlConnector.Sandbox.Shared;

/// <summary>Fault switches of one simulator, set by tests and the sandbox control page.</summary>
public sealed record FaultSettings
{
    /// <summary>Added to every request.</summary>
    public int LatencyMs { get; init; }

    /// <summary>
    /// The answer is held back this long after the request was handled: a write lands, the caller times out waiting,
    /// and cannot tell whether it did (the "unknown outcome" a connector must never simply re-send).
    /// </summary>
    public int SlowAnswerMs { get; init; }

    /// <summary>Share of requests (0–1) answered 429, with Retry-After.</summary>
    public double RateLimitedShare { get; init; }

    /// <summary>The next N requests are answered 429 (counts down).</summary>
    public int RateLimitNext { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Share of requests (0–1) answered with a 5xx.</summary>
    public double ServerErrorShare { get; init; }

    /// <summary>The next N requests are answered with a 5xx (counts down).</summary>
    public int ServerErrorNext { get; init; }

    /// <summary>Webhook simulators deliver some events twice.</summary>
    public bool DuplicateDeliveries { get; init; }

    /// <summary>Webhook simulators deliver events out of order.</summary>
    public bool OutOfOrderDeliveries { get; init; }

    /// <summary>OData <c>$batch</c>: the last changeset fails while the outer response stays 200.</summary>
    public bool PartialBatchFailure { get; init; }
}

/// <summary>Holds a simulator's <see cref="FaultSettings"/> and decides, request by request, what to inject.</summary>
public sealed class SimulatorFaults(int seed)
{
    private readonly Lock gate = new();
    private readonly Random random = new(seed);
    private FaultSettings settings = new();
    private int tokenGeneration;

    public FaultSettings Settings
    {
        get { lock (gate) return settings; }
        set { lock (gate) settings = value; }
    }

    /// <summary>Bumped by "expire tokens now": tokens issued under an older generation are rejected.</summary>
    public int TokenGeneration => Volatile.Read(ref tokenGeneration);

    public void ExpireTokensNow() => Interlocked.Increment(ref tokenGeneration);

    /// <summary>The fault to inject into this request, if any (consumes the "next N" counters).</summary>
    public InjectedFault? NextFault()
    {
        lock (gate)
        {
            if (settings.RateLimitNext > 0)
            {
                settings = settings with { RateLimitNext = settings.RateLimitNext - 1 };
                return new InjectedFault(FaultKind.RateLimited, settings.RetryAfterSeconds);
            }
            if (settings.ServerErrorNext > 0)
            {
                settings = settings with { ServerErrorNext = settings.ServerErrorNext - 1 };
                return new InjectedFault(FaultKind.ServerError, settings.RetryAfterSeconds);
            }
            if (settings.RateLimitedShare > 0 && random.NextDouble() < settings.RateLimitedShare)
                return new InjectedFault(FaultKind.RateLimited, settings.RetryAfterSeconds);
            if (settings.ServerErrorShare > 0 && random.NextDouble() < settings.ServerErrorShare)
                return new InjectedFault(FaultKind.ServerError, settings.RetryAfterSeconds);
            return null;
        }
    }

    /// <summary>A coin toss for simulator-specific switches (e.g. which webhook to duplicate), reproducible per seed.</summary>
    public bool Chance(double share)
    {
        lock (gate) return random.NextDouble() < share;
    }

    public void Reset()
    {
        lock (gate) settings = new FaultSettings();
    }
}
