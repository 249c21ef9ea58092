using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlConnector.Sandbox;
using MlConnector.Sandbox.Shared;
using MlConnector.Sandbox.Visma;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>A clock the test moves by hand: token lifetimes and rate-limit refills without waiting.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long ticks = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

/// <summary>
/// The simulators on a real Kestrel port, as <see cref="Infrastructure.SandboxHost"/> starts them, but with a
/// <see cref="ManualClock"/> as the <see cref="TimeProvider"/> (SandboxHost has no hook for services).
/// </summary>
internal sealed class ClockedVisma : IAsyncDisposable
{
    private readonly WebApplication app;

    private ClockedVisma(WebApplication app, Uri baseAddress, ManualClock clock)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Clock = clock;
    }

    public ManualClock Clock { get; }

    public Uri BaseAddress { get; }

    public VismaSimulator Simulator => (VismaSimulator)app.Services.GetRequiredService<SandboxRegistry>()["visma"];

    public static async Task<ClockedVisma> StartAsync()
    {
        var clock = new ManualClock();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddSandbox();
        var app = builder.Build();
        app.UseSandbox();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ClockedVisma(app, new Uri(address + "/sandbox/visma/"), clock);
    }

    public VismaApi Api => new(() => new HttpClient { BaseAddress = BaseAddress }, () => Simulator);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
