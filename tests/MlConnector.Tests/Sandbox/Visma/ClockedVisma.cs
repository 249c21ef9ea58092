using MlConnector.Sandbox.Visma;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>A clock the test moves by hand: token lifetimes and rate-limit refills without waiting.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long ticks = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

/// <summary>The simulators on a real Kestrel port, with a <see cref="ManualClock"/> as their <see cref="TimeProvider"/>.</summary>
internal sealed class ClockedVisma : IAsyncDisposable
{
    private readonly Infrastructure.SandboxHost host;

    private ClockedVisma(Infrastructure.SandboxHost host, ManualClock clock)
    {
        this.host = host;
        Clock = clock;
    }

    public ManualClock Clock { get; }

    public Uri BaseAddress => new(host.BaseAddress, "sandbox/visma/");

    public VismaSimulator Simulator => (VismaSimulator)host.Registry["visma"];

    public static async Task<ClockedVisma> StartAsync()
    {
        var clock = new ManualClock();
        var host = new Infrastructure.SandboxHost { Clock = clock };
        await host.InitializeAsync();
        return new ClockedVisma(host, clock);
    }

    public VismaApi Api => new(() => new HttpClient { BaseAddress = BaseAddress }, () => Simulator);

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
