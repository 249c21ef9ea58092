namespace MlConnector.Sandbox.Shared;

/// <summary>
/// One simulated system, mounted at <c>/sandbox/{Name}</c>. Its state is in memory, seeded from the
/// <see cref="Seed.SandboxCompany"/>; <see cref="Reset"/> puts it back to the seed.
/// </summary>
public interface ISimulator
{
    /// <summary>Path segment under /sandbox, e.g. "ramp".</summary>
    string Name { get; }

    SimulatorFaults Faults { get; }

    TrafficLog Traffic { get; }

    /// <summary>Maps the system's API onto <paramref name="routes"/> (already prefixed with /sandbox/{Name}).</summary>
    void Map(RouteGroupBuilder routes);

    void Reset();

    /// <summary>Answers an injected 429 or 5xx the way the real system shapes it.</summary>
    Task WriteFaultAsync(HttpContext context, InjectedFault fault);
}

public enum FaultKind { RateLimited, ServerError }

public sealed record InjectedFault(FaultKind Kind, int RetryAfterSeconds);
