using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;

namespace MlConnector.Sandbox.Visma;

/// <summary>Stand-in for Visma (placeholder: the API lands with its contract tests).</summary>
public sealed class VismaSimulator(SandboxCompany company) : ISimulator
{
    public string Name => "visma";

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
