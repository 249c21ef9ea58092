using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Features.Webhooks;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Benchmarks;

/// <summary>
/// The product's Ramp → Dynamics 365 flows end to end against the sandbox simulators with 50 ms latency per request:
/// <c>bills</c> extra Ramp bills and <c>transactions</c> extra card transactions (copies of seeded, mappable ones under new
/// ids) taken in by the real poll and worked by the node's background workers with default settings; then a sample of
/// bills arriving by signed Ramp webhooks (the simulator's dispatcher → <c>POST /webhooks/ramp/{id}</c>), and the
/// Ramp reporter. Counts every HTTP request each simulator received (its traffic log's sequence). Prints; asserts nothing.
/// </summary>
public static partial class FlowsBenchmark
{
    public const int LatencyMs = 50;

    private static readonly SyncState[] Settled = [SyncState.Posted, SyncState.Confirmed, SyncState.Failed, SyncState.Skipped, SyncState.Blocked];

    public static async Task RunAsync(IServiceProvider services, int bills, int transactions, int webhookSample)
    {
        var registry = services.GetRequiredService<SandboxRegistry>();
        var ramp = (RampSimulator)registry["ramp"];
        var d365 = registry["d365"];

        // An integration set up the way a customer does it: credentials, both sides pulled, the ERP chart pushed to Ramp,
        // confident vendor, GL account and dimension suggestions accepted (SyncScenario / CardTransactionScenario's path).
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = new AppUser { UserName = "flows@example.com", Email = "flows@example.com", CreatedAt = DateTimeOffset.UtcNow };
        (await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, "BenchPassword123")).Succeeded.ToString();
        await sp.GetRequiredService<WorkspaceDirectory>().CreateAsync(user.Id, "Flows Co", IntegrationKind.RampD365);
        var store = sp.GetRequiredService<ConnectionStore>();
        var integrationId = (await store.CreateIntegrationAsync(IntegrationKind.RampD365, "Bench")).Id;
        foreach (var system in new[] { ExternalSystem.Ramp, ExternalSystem.Dynamics365 })
        {
            var connection = (await store.IntegrationAsync(integrationId))!.Value.Connections.Single(c => c.System == system);
            var (settings, secrets) = SandboxCredentials.For(system, sp.GetRequiredService<ISandboxEndpoint>())!.Value;
            await store.SaveAsync(connection.Id, settings, secrets, "bench");
        }
        var settingsStore = sp.GetRequiredService<RampD365SettingsStore>();
        var billsOnly = RampD365Settings.Sandbox with { BillPaymentsOn = false, CardTransactionsOn = false };
        var cardsOnly = RampD365Settings.Sandbox with { BillsOn = false, BillPaymentsOn = false };
        Check(await settingsStore.SaveAsync(integrationId, billsOnly));
        await PullAsync(sp, integrationId);
        var mappings = sp.GetRequiredService<MappingService>();
        await mappings.AcceptSuggestionsAsync(integrationId, MappingKind.Vendor, "", 90, "bench");
        var pushed = await sp.GetRequiredService<RampChartPush>().PushAsync(integrationId);
        if (!pushed.Completed) throw new InvalidOperationException($"Chart push failed: {pushed.Failure?.Message}");
        await PullAsync(sp, integrationId);
        foreach (var (kind, group) in new[] { (MappingKind.GlAccount, ""), (MappingKind.Dimension, SandboxCompany.Department), (MappingKind.Dimension, SandboxCompany.CostCenter) })
            await mappings.AcceptSuggestionsAsync(integrationId, kind, group, 90, "bench");

        // More spend: copies of the seeded bills (approved, primary company, mapped vendor) and cleared transactions.
        var snapshot = await sp.GetRequiredService<MappingHistory>().SnapshotAsync(integrationId);
        var company = D365SandboxApp.DefaultCompany;
        var billTemplates = ramp.Company.Bills.Where(b => b.Status == BillStatus.Approved && b.LegalEntityId == company
            && snapshot.TargetOf(MappingKind.Vendor, "", RampSimulator.VendorIdOf(b.VendorNumber)) is not null).ToList();
        var cardTemplates = ramp.Company.Transactions.Where(t => t.LegalEntityId == company && t.State == CardState.Cleared && t.Amount != 0).ToList();
        var seededBills = 0;
        Bill CopyBill(int i) => billTemplates[i % billTemplates.Count] with { Id = Guid.NewGuid().ToString(), InvoiceNumber = $"BN-{++seededBills:0000000}" };
        for (var i = 0; i < bills; i++) ramp.AddBill(CopyBill(i));
        for (var i = 0; i < transactions; i++) ramp.AddTransaction(cardTemplates[i % cardTemplates.Count] with { Id = Guid.NewGuid().ToString() });

        foreach (var simulator in new[] { ramp, d365 }) simulator.Faults.Settings = new FaultSettings { LatencyMs = LatencyMs };
        Console.WriteLine($"Ramp → D365 flows: {bills:N0} added bills (from {billTemplates.Count} seeded templates) and {transactions:N0} added card transactions " +
            $"(from {cardTemplates.Count}), plus the seed's own ready ones; {LatencyMs} ms simulated latency per simulator request; default worker settings " +
            $"({services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SyncOptions>>().Value.Workers} workers), SQLite file database, cores {Environment.ProcessorCount}:");

        using var sampler = new SyncBenchmark.PeakSampler();
        var wall = Stopwatch.StartNew();
        await PhaseAsync("bills", RampBillFlow.FlowName, billsOnly, activate: true);
        await PhaseAsync("card transactions", RampCardTransactionFlow.FlowName, cardsOnly, activate: false);

        // Webhook → posted: bills approved in Ramp one by one (20 a second), each announced by the simulator's signed
        // bills.approved delivery to the portal's real endpoint; from the portal receiving it to the Posted audit event.
        Check(await settingsStore.SaveAsync(integrationId, billsOnly));
        var subscribed = await sp.GetRequiredService<RampWebhookSubscriptions>().SubscribeAsync(integrationId, user.Id);
        if (!subscribed.IsOk || subscribed.Value!.Status != RampWebhookSubscriptions.Active)
            throw new InvalidOperationException($"Webhook subscription failed: {subscribed.Failure?.Message ?? subscribed.Value!.Status}");
        var (rampBefore, d365Before) = (ramp.Traffic.LastSequence, d365.Traffic.LastSequence);
        var sample = new List<string>();
        var approvedAt = new Dictionary<string, DateTimeOffset>();
        var pace = Stopwatch.StartNew();
        for (var i = 0; i < webhookSample; i++)
        {
            var bill = CopyBill(i);
            sample.Add(bill.Id);
            approvedAt[bill.Id] = DateTimeOffset.UtcNow;
            ramp.AddBill(bill);
            var due = TimeSpan.FromMilliseconds(50 * (i + 1)) - pace.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
        }
        var counts = await SettleAsync(RampBillFlow.FlowName, sample);
        var (latencies, fromApproval, byWebhook) = await WebhookToPostedAsync(sample);
        var (rampCalls, d365Calls) = (ramp.Traffic.LastSequence - rampBefore, d365.Traffic.LastSequence - d365Before);
        Console.WriteLine($"  webhook → posted, {sample.Count} bills at 20/s   p50 {Percentile(latencies, 0.50),7:0} ms   p95 {Percentile(latencies, 0.95),7:0} ms   " +
            $"max {(latencies.Count > 0 ? latencies[^1] : double.NaN),7:0} ms   ({latencies.Count} posted; {Describe(counts)})");
        // From the bill's approval in Ramp (which includes Ramp's delivery of the webhook), and how many came in by webhook
        // rather than by a poll that happened to run first.
        Console.WriteLine($"    approved in Ramp → posted   p50 {Percentile(fromApproval, 0.50),7:0} ms   p95 {Percentile(fromApproval, 0.95),7:0} ms   " +
            $"max {(fromApproval.Count > 0 ? fromApproval[^1] : double.NaN),7:0} ms   ({byWebhook} of {sample.Count} taken in by webhook)");
        Console.WriteLine($"    D365 calls/document {d365Calls / (double)sample.Count,6:0.00}   Ramp calls/document {rampCalls / (double)sample.Count,6:0.00}");
        Console.WriteLine($"    D365 by request: {Breakdown(d365.Traffic, d365Before)}");
        Console.WriteLine($"    Ramp by request: {Breakdown(ramp.Traffic, rampBefore)}");
        var billGets = ramp.Traffic.Since(rampBefore).Where(r => r.Method == "GET" && r.Path.Contains("/bills/", StringComparison.Ordinal))
            .Select(r => r.Path.Split('/')[^1]).ToList();
        var inSample = sample.ToHashSet();
        Console.WriteLine($"    GET bills/{{id}}: {billGets.Count(inSample.Contains)} of the sample's bills, {billGets.Count(id => !inSample.Contains(id))} of other bills " +
            $"({billGets.Where(id => !inSample.Contains(id)).Distinct().Count()} distinct)");

        // The reporter: what is posted but not yet confirmed goes back to Ramp (the scheduled round does this every 15 s too).
        var before = ramp.Traffic.LastSequence;
        var reportWatch = Stopwatch.StartNew();
        Integration integrationRow;
        await using (var db = await sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            integrationRow = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId);
        var report = await sp.GetRequiredService<RampSyncReporter>().ReportAsync(integrationRow, default);
        Console.WriteLine($"  reporter at the end: {report.Reported:N0} reported, {report.Refused:N0} refused{(report.StoppedBy is { } s ? $", stopped: {s.Message}" : "")}, " +
            $"{ramp.Traffic.LastSequence - before} Ramp calls, {reportWatch.Elapsed.TotalMilliseconds:0} ms");
        await using (var system = services.CreateAsyncScope())
        {
            var all = await system.ServiceProvider.GetRequiredService<AppDbContext>().SyncRecords.IgnoreQueryFilters().Where(r => r.IntegrationId == integrationId)
                .GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            Console.WriteLine($"  records at the end: {string.Join(", ", all.OrderBy(a => a.Key).Select(a => $"{a.Key} {a.Count:N0}"))}");
        }
        sampler.Dispose();
        Console.WriteLine($"  wall time {wall.Elapsed.TotalSeconds,8:0.0} s   peak working set {sampler.PeakWorkingSet / 1048576.0,6:0} MB   peak managed heap {sampler.PeakManaged / 1048576.0,6:0} MB");
        foreach (var simulator in new[] { ramp, d365 }) simulator.Faults.Reset();

        async Task PhaseAsync(string what, string flow, RampD365Settings settings, bool activate)
        {
            Check(await settingsStore.SaveAsync(integrationId, settings));
            var (rampStart, d365Start) = (ramp.Traffic.LastSequence, d365.Traffic.LastSequence);
            var watch = Stopwatch.StartNew();
            Integration row;
            await using (var db = await sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
                row = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId);
            // The real poll (what the scheduled round calls), timed: it lists the ready queue page by page and takes it in.
            var poll = await sp.GetRequiredService<SyncPolls>().PollAsync(row, default);
            if (poll.Failures.Count > 0) throw new InvalidOperationException($"Poll failed: {poll.Failures[0].Failure.Message}");
            var polled = watch.Elapsed;
            if (activate) await sp.GetRequiredService<SyncControl>().ActivateAsync(integrationId);
            var counts = await SettleAsync(flow, null);
            watch.Stop();
            var documents = counts.Values.Sum();
            var posted = counts.GetValueOrDefault(SyncState.Posted) + counts.GetValueOrDefault(SyncState.Confirmed);
            var (rampCalls, d365Calls) = (ramp.Traffic.LastSequence - rampStart, d365.Traffic.LastSequence - d365Start);
            Console.WriteLine($"  {what,-18} {documents,7:N0} documents {watch.Elapsed.TotalSeconds,8:0.0} s   {posted / watch.Elapsed.TotalSeconds,7:0.0} posted documents/s   " +
                $"(poll + intake {polled.TotalSeconds:0.0} s; {Describe(counts)})");
            Console.WriteLine($"    D365 calls/document {d365Calls / (double)documents,6:0.00} ({d365Calls:N0}; {d365Calls / (double)posted:0.00} per posted)   " +
                $"Ramp calls/document {rampCalls / (double)documents,6:0.00} ({rampCalls:N0}; {rampCalls / (double)posted:0.00} per posted)");
            Console.WriteLine($"    D365 by request: {Breakdown(d365.Traffic, d365Start)}");
            Console.WriteLine($"    Ramp by request: {Breakdown(ramp.Traffic, rampStart)}");
        }

        // Waits until every record of the flow (or of these source ids) has settled: posted, confirmed, failed, skipped or blocked.
        async Task<Dictionary<SyncState, int>> SettleAsync(string flow, IReadOnlyCollection<string>? sourceIds)
        {
            var until = DateTime.UtcNow.AddMinutes(30);
            while (true)
            {
                await using var system = services.CreateAsyncScope();
                var records = system.ServiceProvider.GetRequiredService<AppDbContext>().SyncRecords.IgnoreQueryFilters()
                    .Where(r => r.IntegrationId == integrationId && r.Flow == flow);
                if (sourceIds is not null) records = records.Where(r => sourceIds.Contains(r.SourceId));
                var counts = (await records.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).ToDictionary(g => g.Key, g => g.Count);
                var total = counts.Values.Sum();
                if (total >= (sourceIds?.Count ?? 1) && counts.Where(c => !Settled.Contains(c.Key)).Sum(c => c.Value) == 0) return counts;
                if (DateTime.UtcNow > until) throw new TimeoutException($"Records of {flow} did not settle: {Describe(counts)}");
                await Task.Delay(100);
            }
        }

        async Task<(List<double> FromReceipt, List<double> FromApproval, int ByWebhook)> WebhookToPostedAsync(IReadOnlyCollection<string> ids)
        {
            await using var system = services.CreateAsyncScope();
            var db = system.ServiceProvider.GetRequiredService<AppDbContext>();
            var received = (await db.InboundEvents.IgnoreQueryFilters().AsNoTracking()
                    .Where(e => e.IntegrationId == integrationId && e.ObjectId != null && ids.Contains(e.ObjectId))
                    .Select(e => new { e.ObjectId, e.ReceivedAt }).ToListAsync())
                .GroupBy(e => e.ObjectId!).ToDictionary(g => g.Key, g => g.Min(e => e.ReceivedAt));
            var posted = await (from a in db.AuditEvents.IgnoreQueryFilters()
                                join r in db.SyncRecords.IgnoreQueryFilters() on a.RecordId equals r.Id
                                where r.IntegrationId == integrationId && r.Flow == RampBillFlow.FlowName && ids.Contains(r.SourceId) && a.ToState == SyncState.Posted
                                select new { r.SourceId, a.At }).ToListAsync();
            var firstPosted = posted.GroupBy(p => p.SourceId).ToDictionary(g => g.Key, g => g.Min(p => p.At));
            var times = firstPosted.Where(p => received.ContainsKey(p.Key)).Select(p => (p.Value - received[p.Key]).TotalMilliseconds).ToList();
            var fromApproval = firstPosted.Select(p => (p.Value - approvedAt[p.Key]).TotalMilliseconds).ToList();
            // The record's first trail entry says what brought it in.
            var firsts = await db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
                .Where(a => a.IntegrationId == integrationId && db.SyncRecords.IgnoreQueryFilters()
                    .Any(r => r.Id == a.RecordId && r.Flow == RampBillFlow.FlowName && ids.Contains(r.SourceId)))
                .GroupBy(a => a.RecordId).Select(g => g.OrderBy(a => a.Id).First().Actor).ToListAsync();
            times.Sort();
            fromApproval.Sort();
            return (times, fromApproval, firsts.Count(actor => actor == "webhook"));
        }
    }

    private static async Task PullAsync(IServiceProvider sp, Guid integrationId)
    {
        var pulled = await sp.GetRequiredService<ReferenceDataService>().PullAsync(integrationId);
        if (!pulled.IsOk) throw new InvalidOperationException("Reference data pull failed: " + string.Join("; ", pulled.Failures.Select(f => f.Failure.Message)));
    }

    private static void Check(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0) throw new InvalidOperationException("Settings refused: " + string.Join("; ", problems));
    }

    private static string Describe(Dictionary<SyncState, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value:N0}"));

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The phase's requests (as far as the log's last 10,000 reach) by method and path shape, most frequent first.</summary>
    private static string Breakdown(TrafficLog traffic, long after)
    {
        var requests = traffic.Since(after);
        if (requests.Count == 0) return "none";
        var shapes = requests.GroupBy(r => $"{r.Method} {IdSegment().Replace(r.Path.Split("/sandbox/")[^1], "{id}")}")
            .OrderByDescending(g => g.Count()).Take(5).Select(g => $"{g.Key} {100.0 * g.Count() / requests.Count:0}%");
        var covered = traffic.LastSequence - after > requests.Count ? $" (of the last {requests.Count:N0})" : "";
        return string.Join(", ", shapes) + covered;
    }

    [GeneratedRegex(@"(?<=/)[0-9a-fA-F-]{16,}|(?<=\()[^)]*(?=\))")]
    private static partial Regex IdSegment();
}
