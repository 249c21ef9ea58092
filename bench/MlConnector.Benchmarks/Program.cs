using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Visma;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;
using MlConnector.Web.Integrations.Ramp;
using MlConnector.Web.Integrations.Visma;

namespace MlConnector.Benchmarks;

/// <summary>Ping latency against the built-in simulators, through the portal's real connector pipeline
/// (allow-list, resilience, guarded sockets, MSAL). Prints p50/p95/max per system; the target is p95 &lt; 3 s.</summary>
public static class PingBenchmark
{
    public static async Task Main(string[] args)
    {
        // "mappings [rows]" measures the mapping grids, "sync [records]" the engine, "flows [bills] [transactions] [webhook sample]"
        // the Ramp → D365 flows; otherwise "[rounds]" measures pings.
        var mappings = args.Length > 0 && args[0] == "mappings";
        var sync = args.Length > 0 && args[0] == "sync";
        var flows = args.Length > 0 && args[0] == "flows";
        var explorer = args.Length > 0 && args[0] == "explorer";
        var rounds = mappings || sync || flows || explorer ? 0 : args.Length > 0 ? int.Parse(args[0]) : 200;
        var scratch = Directory.CreateTempSubdirectory("mlc-bench-");
        // WebApplicationFactory finds a test project's content root by its manifest; point it at the portal here.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MLCONNECTOR_WEB", Path.Combine(RepositoryRoot(), "src", "MlConnector.Web"));
        // "explorer [records] [PostgreSQL connection string]": the record explorer's queries; SQLite unless a connection string is given.
        var postgres = explorer && args.Length > 2 ? args[2] : null;
        await using var portal = new BenchPortal(scratch.FullName, sync, postgres);
        portal.UseKestrel(0);
        portal.StartServer();
        var services = portal.Services;
        if (sync)
        {
            await SyncBenchmark.RunAsync(services, args.Length > 1 ? int.Parse(args[1]) : 10_000);
            scratch.Delete(recursive: true);
            return;
        }
        if (explorer)
        {
            await ExplorerBenchmark.RunAsync(services, args.Length > 1 ? int.Parse(args[1]) : 100_000, postgres is null ? "SQLite" : "PostgreSQL");
            scratch.Delete(recursive: true);
            return;
        }
        if (flows)
        {
            await FlowsBenchmark.RunAsync(services, args.Length > 1 ? int.Parse(args[1]) : 5_000, args.Length > 2 ? int.Parse(args[2]) : 20_000,
                args.Length > 3 ? int.Parse(args[3]) : 500);
            scratch.Delete(recursive: true);
            return;
        }
        if (mappings)
        {
            await MappingBenchmark.RunAsync(services, args.Length > 1 ? int.Parse(args[1]) : 20_000);
            scratch.Delete(recursive: true);
            return;
        }
        var sandbox = services.GetRequiredService<ISandboxEndpoint>();

        var ramp = new RampCredentials(RampEnvironments.BaseUrl(RampEnvironments.BuiltInSandbox, sandbox)!, RampSimulator.DefaultClientId, RampSimulator.DefaultClientSecret);
        var (connect, api) = VismaEnvironments.Bases(VismaEnvironments.BuiltInSandbox, sandbox)!.Value;
        var visma = new VismaCredentials(connect, api, VismaSandboxApp.ClientId, VismaSandboxApp.ClientSecret, VismaSandboxApp.TenantId, VismaSandboxApp.CompanyId.ToString());
        var d365 = new D365Credentials(new Uri(sandbox.SimulatorBase("d365")!.ToString().TrimEnd('/')), D365SandboxApp.TenantId, D365SandboxApp.ClientId,
            D365SandboxApp.ClientSecret, D365SandboxApp.DefaultCompany);

        Console.WriteLine($"Ping latency over {rounds} rounds (after 5 warm-up pings), in-process portal + simulators on loopback:");
        await MeasureAsync("Ramp", () => services.GetRequiredService<RampPing>().PingAsync(ramp, default));
        await MeasureAsync("Visma.net", () => services.GetRequiredService<VismaPing>().PingAsync(visma, default));
        await MeasureAsync("Dynamics 365 (token cached)", () => services.GetRequiredService<D365Ping>().PingAsync(d365, default));
        scratch.Delete(recursive: true);

        async Task MeasureAsync(string name, Func<Task<PingReport>> ping)
        {
            for (var i = 0; i < 5; i++) await ping();
            var times = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                var report = await ping();
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (!report.Ok) throw new InvalidOperationException($"{name} ping failed: {report.FirstFailure?.Message}");
            }
            times.Sort();
            double Percentile(double p) => times[(int)Math.Ceiling(p * times.Count) - 1];
            Console.WriteLine($"  {name,-28} p50 {Percentile(0.50),7:0.0} ms   p95 {Percentile(0.95),7:0.0} ms   max {times[^1],7:0.0} ms");
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlConnector.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }
}

internal sealed class BenchPortal(string scratch, bool noOpFlow, string? postgres = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        if (postgres is not null)
        {
            builder.UseSetting("Database:Provider", "PostgreSQL");
            builder.UseSetting("Database:ConnectionString", postgres);
        }
        builder.UseSetting("Database:DataFolder", Path.Combine(scratch, "data"));
        builder.UseSetting("Sandbox:StampliDropFolder", Path.Combine(scratch, "stampli"));
        builder.UseSetting("Logging:LogLevel:Default", "Error");
        if (noOpFlow) builder.ConfigureServices(services => services.AddSingleton<MlConnector.Web.Features.Sync.ISyncFlow, NoOpFlow>());
    }
}
