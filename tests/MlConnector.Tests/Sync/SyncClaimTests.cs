using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Sync;

/// <summary>Leases across workers and nodes on a real database: no record held twice, no tenant over its share.</summary>
public sealed class SyncClaimTests
{
    [Theory]
    [InlineData(Db.PostgreSql)]
    [InlineData(Db.Sqlite)]
    public async Task WorkersOnTwoNodes_NeverClaimTheSameRecord(Db database)
    {
        var settings = new Dictionary<string, string?> { ["Sync:MaxInFlightPerIntegration"] = "256" };
        await using var scenario = await SyncScenario.StartAsync(database, settings);
        await using var second = await PortalHost.StartAsync(database, new Dictionary<string, string?>(scenario.Host.DatabaseSettings)
        {
            ["Sync:RunWorkers"] = "false", ["Sync:MaxInFlightPerIntegration"] = "256",
        });
        var ids = Enumerable.Range(1, 250).Select(i => $"bill-{i:000}").ToArray();
        await scenario.TakeInAsync(IntakeVia.Poll, ids);

        // Eight workers, four per node, claim small batches as fast as they can until the queue is empty.
        var claimed = new ConcurrentBag<ClaimedRecord>();
        var nodes = new[] { scenario.Host.Services.GetRequiredService<SyncClaims>(), second.Services.GetRequiredService<SyncClaims>() };
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (IReadOnlyList<ClaimedRecord> batch; (batch = await nodes[worker % 2].ClaimAsync($"worker-{worker}", 7, default)).Count > 0;)
                foreach (var record in batch) claimed.Add(record);
        })));

        claimed.Select(c => c.Id).ShouldBeUnique();
        claimed.Count.ShouldBe(ids.Length);
        await using var db = scenario.OpenDb();
        var held = await db.SyncRecords.Where(r => r.Flow == LedgerProbeFlow.FlowName).Select(r => new { r.Id, r.State, r.LeaseOwner }).ToListAsync();
        held.ShouldAllBe(r => r.State == SyncState.InFlight);
        held.ToDictionary(r => r.Id, r => r.LeaseOwner).ShouldBe(claimed.ToDictionary(c => c.Id, c => (string?)c.Owner), ignoreOrder: true);
    }

    [Theory]
    [InlineData(Db.PostgreSql)]
    [InlineData(Db.Sqlite)]
    public async Task OneIntegration_NeverHasMoreThanItsShareInFlight(Db database)
    {
        await using var scenario = await SyncScenario.StartAsync(database, new Dictionary<string, string?> { ["Sync:MaxInFlightPerIntegration"] = "3" });
        await scenario.TakeInAsync(IntakeVia.Poll, Enumerable.Range(1, 50).Select(i => $"bill-{i}").ToArray());
        var claims = scenario.Host.Services.GetRequiredService<SyncClaims>();

        var rounds = await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => claims.ClaimAsync($"worker-{worker}", 10, default)));

        rounds.Sum(r => r.Count).ShouldBe(3);
        // A paused integration's records are not claimed at all, whatever its share.
        await using (var db = scenario.OpenDb())
            await db.SyncRecords.Where(r => r.State == SyncState.InFlight).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, SyncState.Pending).SetProperty(r => r.LeaseOwner, (string?)null));
        await scenario.Owner.Get<SyncControl>().PauseAsync(scenario.Integration, "month-end close");
        (await claims.ClaimAsync("worker-x", 10, default)).ShouldBeEmpty();
        await using (var db = scenario.OpenDb())
            db.Integrations.Single(i => i.Id == scenario.Integration).Status.ShouldBe(IntegrationStatus.Paused);
    }

    [Fact]
    public async Task EveryStateChange_IsPublished_AfterItIsStored()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0].GetProperty("id").GetString()!;
        var seen = new ConcurrentQueue<SyncStateChanged>();
        using var subscription = scenario.Host.Services.GetRequiredService<SyncEvents>().Subscribe(changes =>
        {
            foreach (var change in changes) seen.Enqueue(change);
        });

        await scenario.TakeInAsync(IntakeVia.Webhook, bill);
        await scenario.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(bill);
        seen.Where(c => c.RecordId == record.Id).Select(c => (c.From, c.To)).ShouldBe(
            [(null, SyncState.Pending), (SyncState.Pending, SyncState.InFlight), (SyncState.InFlight, SyncState.Posted)]);
        seen.ShouldAllBe(c => c.WorkspaceId == scenario.Owner.WorkspaceId && c.IntegrationId == scenario.Integration);
    }
}
