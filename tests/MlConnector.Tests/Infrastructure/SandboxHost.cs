using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlConnector.Sandbox;
using MlConnector.Sandbox.Shared;

namespace MlConnector.Tests.Infrastructure;

/// <summary>
/// The simulators alone on a real Kestrel port (as <c>dotnet run --project src/MlConnector.Sandbox</c>
/// runs them). Tests talk to them over HTTP and read their faults and traffic through <see cref="Registry"/>.
/// </summary>
public sealed class SandboxHost : IAsyncLifetime
{
    private readonly string dropFolder = Path.Combine(Path.GetTempPath(), $"mlc-stampli-{Guid.NewGuid():N}");
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = default!;

    public SandboxRegistry Registry => app!.Services.GetRequiredService<SandboxRegistry>();

    public IServiceProvider Services => app!.Services;

    /// <summary>The Stampli drop folder (outbound/inbound/archive) this host created.</summary>
    public string StampliDropFolder => dropFolder;

    /// <summary>Extra configuration, e.g. <c>Sandbox:Documents</c>; set before the host starts.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>The simulators' clock; set before the host starts to move time by hand (token expiry, refills).</summary>
    public TimeProvider? Clock { get; init; }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(Settings)
        {
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:StampliDropFolder"] = dropFolder,
        });
        if (Clock is not null) builder.Services.AddSingleton(Clock);
        builder.AddSandbox();
        app = builder.Build();
        app.UseSandbox();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address + "/");
    }

    /// <summary>An HTTP client rooted at one simulator, e.g. <c>ClientFor("ramp")</c> → /sandbox/ramp/.</summary>
    public HttpClient ClientFor(string simulator) => new() { BaseAddress = new Uri(BaseAddress, $"sandbox/{simulator}/") };

    public async Task DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
        if (Directory.Exists(dropFolder)) Directory.Delete(dropFolder, recursive: true);
    }
}
