using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Webhooks;

namespace MlConnector.Tests.Webhooks;

public sealed class WebhookRetentionTests
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

    private static InboundEvent Event(Guid integration, string id, DateTimeOffset at, bool accepted, bool processed) => new()
    {
        IntegrationId = integration, Provider = WebhookProviders.Ramp, EventId = id, EventType = "bills.approved", ObjectId = "bill_" + id,
        ReceivedAt = at, Accepted = accepted, RejectReason = accepted ? null : "Unsigned", ProcessedAt = processed ? at : null,
        RawBody = WebhookKit.Text(WebhookKit.Envelope(id, "bills.approved", "bill_" + id)),
    };
}
