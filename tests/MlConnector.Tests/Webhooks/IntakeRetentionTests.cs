using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Files;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Webhooks;

namespace MlConnector.Tests.Webhooks;

/// <summary>Retention of what arrived: webhook bodies and received files' text, pruned once handled.</summary>
public sealed class IntakeRetentionTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task OldBodies_ArePrunedOnceHandledOrRefused_TheRowsStay(Db database)
    {
        await using var host = await PortalHost.StartAsync(database);
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        var (old, recent) = (DateTimeOffset.UtcNow.AddDays(-120), DateTimeOffset.UtcNow.AddDays(-1));
        await using (var db = host.OpenDb(owner.WorkspaceId))
        {
            db.InboundEvents.AddRange(
                Event(owner.Id, "handled", old, accepted: true, processed: true),
                Event(owner.Id, "waiting", old, accepted: true, processed: false),
                Event(owner.Id, "refused", old, accepted: false, processed: false),
                Event(owner.Id, "recent", recent, accepted: true, processed: true));
            await db.SaveChangesAsync();
        }
        var retention = host.Services.GetRequiredService<SyncRetention>();

        (await retention.PruneAsync(default)).Deliveries.ShouldBe(2);

        await using (var db = host.OpenDb(owner.WorkspaceId))
        {
            var bodies = await db.InboundEvents.AsNoTracking().ToDictionaryAsync(e => e.EventId, e => e.RawBody);
            bodies.Keys.Order().ShouldBe(["handled", "recent", "refused", "waiting"]);
            (bodies["handled"], bodies["refused"]).ShouldBe((null, null));
            bodies["waiting"].ShouldNotBeNull("not handed over yet: the backfill still needs it");
            bodies["recent"].ShouldNotBeNull();
        }
        (await retention.PruneAsync(default)).Deliveries.ShouldBe(0);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task OldFileTexts_ArePrunedOnceHandedOver_TheirHashesAndErrorsStay(Db database)
    {
        await using var host = await PortalHost.StartAsync(database);
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        var (old, recent) = (DateTimeOffset.UtcNow.AddDays(-120), DateTimeOffset.UtcNow.AddDays(-1));
        await using (var db = host.OpenDb(owner.WorkspaceId))
        {
            db.InboundFiles.AddRange(
                File(owner.Id, "handed-over", old, processed: true),
                File(owner.Id, "stored-only", old, processed: false),
                File(owner.Id, "recent", recent, processed: true));
            await db.SaveChangesAsync();
        }
        var retention = host.Services.GetRequiredService<SyncRetention>();

        (await retention.PruneAsync(default)).Files.ShouldBe(1);

        await using (var db = host.OpenDb(owner.WorkspaceId))
        {
            var files = await db.InboundFiles.AsNoTracking().ToDictionaryAsync(f => f.ContentHash);
            files.Keys.Order().ShouldBe(["handed-over", "recent", "stored-only"]);
            files["handed-over"].Content.ShouldBeNull();
            files["handed-over"].RowErrors().ShouldHaveSingleItem().Line.ShouldBe(3, "the row errors are the summary and stay");
            files["stored-only"].Content.ShouldNotBeNull("not handed over yet: the next delivery of the same bytes finishes it");
            files["recent"].Content.ShouldNotBeNull();
        }
        (await retention.PruneAsync(default)).Files.ShouldBe(0);
    }

    private static InboundFile File(Guid integration, string hash, DateTimeOffset at, bool processed) => new()
    {
        IntegrationId = integration, Source = "test-csv", Path = $"/in/{hash}.csv", ContentHash = hash, Size = 40, ReceivedAt = at,
        Rows = 2, AcceptedRows = 1, State = InboundFileState.PartlyAccepted, Content = "id,amount\n1,10\n2,x\n", ProcessedAt = processed ? at : null,
        RowErrorsJson = InboundFile.ToJson([new FileRowError(3, "amount", "Not a number")]),
    };

    private static InboundEvent Event(Guid integration, string id, DateTimeOffset at, bool accepted, bool processed) => new()
    {
        IntegrationId = integration, Provider = WebhookProviders.Ramp, EventId = id, EventType = "bills.approved", ObjectId = "bill_" + id,
        ReceivedAt = at, Accepted = accepted, RejectReason = accepted ? null : "Unsigned", ProcessedAt = processed ? at : null,
        RawBody = WebhookKit.Text(WebhookKit.Envelope(id, "bills.approved", "bill_" + id)),
    };
}
