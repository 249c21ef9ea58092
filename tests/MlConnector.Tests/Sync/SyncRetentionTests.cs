using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Sync;

public sealed class SyncRetentionTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task OldPayloadsOfFinishedRecords_ArePruned_TheTrailSummariesStay(Db database)
    {
        await using var scenario = await SyncScenario.StartAsync(database);
        var (mapped, unmapped) = await scenario.ReadyBillsAsync();
        var (done, held) = (mapped[0].GetProperty("id").GetString()!, unmapped[0].GetProperty("id").GetString()!);
        await scenario.TakeInAsync(IntakeVia.Webhook, done, held);
        await scenario.Engine.DrainAsync(default);
        var longAgo = DateTimeOffset.UtcNow.AddDays(-120);
        await using (var db = scenario.OpenDb())
        {
            await db.SyncRecords.ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, longAgo));
            await db.SyncRecords.Where(r => r.SourceId == done).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, SyncState.Confirmed));
            await db.AuditEvents.ExecuteUpdateAsync(s => s.SetProperty(a => a.At, longAgo));
        }

        var report = await scenario.Host.Services.GetRequiredService<SyncRetention>().PruneAsync(default);

        report.Records.ShouldBe(1);
        report.AuditDetails.ShouldBeGreaterThan(0);
        var pruned = await scenario.RecordAsync(done);
        (pruned.SourceSnapshot, pruned.MappedPayload).ShouldBe((null, null));
        pruned.PayloadsPrunedAt.ShouldNotBeNull();
        pruned.TargetDocumentId.ShouldNotBeNull();
        (await scenario.RecordAsync(held)).SourceSnapshot.ShouldNotBeNull(); // blocked: still needed
        var trail = await scenario.TrailAsync(pruned.Id);
        trail.ShouldAllBe(a => a.Detail == null);
        trail.ShouldContain(a => a.Action == AuditAction.Posted && a.Message!.StartsWith("Created "));
        (await scenario.Host.Services.GetRequiredService<SyncRetention>().PruneAsync(default)).Records.ShouldBe(0);
    }
}
