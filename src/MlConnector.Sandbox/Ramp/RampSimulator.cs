using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;

namespace MlConnector.Sandbox.Ramp;

/// <summary>Stand-in for Ramp (placeholder: the API lands with its contract tests).</summary>
public sealed class RampSimulator(SandboxCompany company) : ISimulator
{
    public string Name => "ramp";

    public SimulatorFaults Faults { get; } = new(seed: 1);

    public TrafficLog Traffic { get; } = new();

    public SandboxCompany Company => company;

    public void Map(RouteGroupBuilder routes)
    {
    }

    public void Reset()
    {
    }

    public Task WriteFaultAsync(HttpContext context, InjectedFault fault)
    {
        context.Response.StatusCode = fault.Kind == FaultKind.RateLimited ? 429 : 503;
        context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}
