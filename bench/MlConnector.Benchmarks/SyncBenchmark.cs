using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Benchmarks;

/// <summary>
/// The engine's own cost: <c>n</c> records through a flow that does no I/O, spread over ten workspaces, worked by the
/// node's background workers with the default settings (leases, audit trail, mapping snapshot, live events, SQLite
/// file database). Prints records per second and peak memory; asserts nothing.
/// </summary>
public static class SyncBenchmark
{
    public const int Tenants = 10;

    public static async Task RunAsync(IServiceProvider services, int records)
    {
        var integrations = new List<(AsyncServiceScope Scope, Guid Id)>();
        for (var t = 0; t < Tenants; t++)
        {
            var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var user = new AppUser { UserName = $"bench{t}@example.com", Email = $"bench{t}@example.com", CreatedAt = DateTimeOffset.UtcNow };
            (await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, "BenchPassword123")).Succeeded.ToString();
            await sp.GetRequiredService<WorkspaceDirectory>().CreateAsync(user.Id, $"Bench Co {t}", IntegrationKind.RampD365);
            integrations.Add((scope, (await sp.GetRequiredService<ConnectionStore>().CreateIntegrationAsync(IntegrationKind.RampD365, "Bench")).Id));
        }
        Console.WriteLine($"Sync engine: {records:N0} records through a no-op flow, {Tenants} workspaces, default worker settings, SQLite file database:");

        var intake = Stopwatch.StartNew();
        foreach (var (scope, id) in integrations)
        {
            var items = Enumerable.Range(0, records / Tenants).Select(i => new IntakeItem(NoOpFlow.FlowName, $"doc-{i:000000}")).ToList();
            foreach (var chunk in items.Chunk(1000)) await scope.ServiceProvider.GetRequiredService<SyncIntake>().AcceptAsync(id, chunk, IntakeVia.Poll, "bench");
        }
        Console.WriteLine($"  intake (records + trail)         {intake.Elapsed.TotalMilliseconds,9:0} ms   {records / intake.Elapsed.TotalSeconds,8:0} records/s");

        using var sampler = new PeakSampler();
        var work = Stopwatch.StartNew();
        // Switching the integrations on lets the already-running workers start.
        foreach (var (scope, id) in integrations) await scope.ServiceProvider.GetRequiredService<SyncControl>().ActivateAsync(id);
        await using (var system = services.CreateAsyncScope())
        {
            var db = system.ServiceProvider.GetRequiredService<AppDbContext>();
            while (await db.SyncRecords.IgnoreQueryFilters().CountAsync(r => r.State == SyncState.Posted) < records) await Task.Delay(50);
        }
        work.Stop();
        Console.WriteLine($"  fetch → map → post, {records:N0} records {work.Elapsed.TotalMilliseconds,9:0} ms   {records / work.Elapsed.TotalSeconds,8:0} records/s");
        Console.WriteLine($"  peak working set {sampler.PeakWorkingSet / 1048576.0,8:0} MB   peak managed heap {sampler.PeakManaged / 1048576.0,6:0} MB   cores {Environment.ProcessorCount}");
        foreach (var (scope, _) in integrations) await scope.DisposeAsync();
    }

    internal sealed class PeakSampler : IDisposable
    {
        private readonly Timer timer;

        public PeakSampler() => timer = new Timer(_ => Sample(), null, 0, 20);

        public long PeakWorkingSet { get; private set; }

        public long PeakManaged { get; private set; }

        private void Sample()
        {
            PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
            PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(false));
        }

        public void Dispose()
        {
            timer.Dispose();
            Sample();
        }
    }
}

/// <summary>A flow with no I/O: the source hands back a small document, the post invents a document id.</summary>
internal sealed class NoOpFlow : ISyncFlow, ISyncSource
{
    public const string FlowName = "bench.no-op";

    public string Name => FlowName;

    public IntegrationKind Kind => IntegrationKind.RampD365;

    public ISyncSource Source => this;

    public string? ReportType => null;

    public bool Handles(string eventType) => false;

    public Task<ConnectorResult<IReadOnlyList<PolledDocument>>> PollAsync(FlowContext context, CancellationToken ct) =>
        Task.FromResult(ConnectorResult<IReadOnlyList<PolledDocument>>.Ok([]));

    public Task<ConnectorResult<SourceDocument>> FetchAsync(FlowContext context, SyncRecord record, CancellationToken ct) =>
        Task.FromResult(ConnectorResult<SourceDocument>.Ok(new SourceDocument($$"""{"id":"{{record.SourceId}}","amount":125000}""", null, $"Doc {record.SourceId}")));

    public FlowMapping Map(FlowContext context, SourceDocument document, MappingSnapshot mappings) => FlowMapping.Ready(document.Snapshot, document.Summary);

    public Task<ConnectorResult<string?>> FindAsync(FlowContext context, SyncRecord record, CancellationToken ct) => Task.FromResult(ConnectorResult<string?>.Ok(null));

    public Task<IReadOnlyList<ConnectorResult<PostOutcome>>> PostAllAsync(FlowContext context, IReadOnlyList<SyncRecord> records, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ConnectorResult<PostOutcome>>>(records.Select(r => ConnectorResult<PostOutcome>.Ok(new PostOutcome("DOC-" + r.SourceId))).ToList());
}
