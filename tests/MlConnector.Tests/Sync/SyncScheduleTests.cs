using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Sync;

public sealed class SyncScheduleTests
{
    [Fact]
    public async Task TheRound_PollsAtTheCustomersCadence_AndConfirmsWhatWasPosted()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var (mapped, unmapped) = await scenario.ReadyBillsAsync();
        await scenario.Owner.Get<SyncControl>().SetCadenceAsync(scenario.Integration, 60);
        var schedule = scenario.Host.Services.GetRequiredService<SyncSchedule>();

        await schedule.RunAsync(default);
        await using (var db = scenario.OpenDb())
            (await db.SyncRecords.CountAsync()).ShouldBe(mapped.Count + unmapped.Count);

        // Within the hour nothing is polled again, however often the round runs.
        var polled = scenario.Ramp.Traffic.Since().Count(r => r.Path.EndsWith("/bills", StringComparison.Ordinal));
        await schedule.RunAsync(default);
        scenario.Ramp.Traffic.Since().Count(r => r.Path.EndsWith("/bills", StringComparison.Ordinal)).ShouldBe(polled);

        var first = mapped[0].GetProperty("id").GetString()!;
        await scenario.Engine.DrainAsync(default);
        (await scenario.RecordAsync(first)).State.ShouldBe(SyncState.Posted);
        await schedule.RunAsync(default);
        (await scenario.RecordAsync(first)).State.ShouldBe(SyncState.Confirmed);
        await using (var db = scenario.OpenDb())
            (await db.SyncRecords.CountAsync(r => r.ReportPending)).ShouldBe(0);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ABlockedRecord_StaysBlockedRoundAfterRound_WithoutBeingReadAgain(Db database)
    {
        await using var scenario = await SyncScenario.StartAsync(database);
        var id = (await scenario.ReadyBillsAsync()).Unmapped[0].GetProperty("id").GetString()!;
        await scenario.TakeInAsync(IntakeVia.Webhook, id);
        await scenario.Engine.DrainAsync(default);
        (await scenario.RecordAsync(id)).State.ShouldBe(SyncState.Blocked);
        var schedule = scenario.Host.Services.GetRequiredService<SyncSchedule>();
        var reads = scenario.Ramp.Traffic.Since().Count(r => r.Path.EndsWith("/bills/" + id, StringComparison.Ordinal));

        // Its hold is in place: the round's sweep for blocked records without one must not release it.
        for (var round = 0; round < 2; round++)
        {
            await schedule.RunAsync(default);
            await scenario.Engine.DrainAsync(default);
        }

        (await scenario.RecordAsync(id)).State.ShouldBe(SyncState.Blocked);
        scenario.Ramp.Traffic.Since().Count(r => r.Path.EndsWith("/bills/" + id, StringComparison.Ordinal)).ShouldBe(reads, "a blocked record waits for its mapping, not for the next round");
    }

    [Fact]
    public async Task TheBackgroundWorkers_PostWhatArrives_WithoutAnyoneDrivingThem()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Sync:RunWorkers"] = "true" });
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0];
        var id = bill.GetProperty("id").GetString()!;

        await scenario.TakeInAsync(IntakeVia.Webhook, id);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while ((await scenario.RecordAsync(id)).State != SyncState.Posted && DateTimeOffset.UtcNow < deadline) await Task.Delay(100);
        (await scenario.RecordAsync(id)).State.ShouldBe(SyncState.Posted);
        (await scenario.HeadersInD365Async(bill.GetProperty("invoice_number").GetString()!)).Count.ShouldBe(1);
    }
}
