using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Webhooks;

internal sealed class InboundEventConfiguration : IEntityTypeConfiguration<InboundEvent>
{
    public void Configure(EntityTypeBuilder<InboundEvent> e)
    {
        e.ToTable("InboundEvents");
        e.Property(x => x.Provider).HasMaxLength(20);
        e.Property(x => x.EventId).HasMaxLength(200);
        e.Property(x => x.EventType).HasMaxLength(100);
        e.Property(x => x.ObjectId).HasMaxLength(200);
        e.Property(x => x.RejectReason).HasMaxLength(300);
        e.Property(x => x.Outcome).HasMaxLength(500);
        e.Property(x => x.ProcessError).HasMaxLength(1000);
        // A second delivery of an accepted event meets this key. Refused deliveries stay out of it, so a forged one
        // cannot claim the id of the real event and make us drop that as a duplicate.
        e.HasIndex(x => new { x.IntegrationId, x.Provider, x.EventId }).IsUnique().HasFilter("\"Accepted\"");
        e.HasIndex(x => new { x.IntegrationId, x.ReceivedAt });
        // The backfill's look for accepted deliveries not handed over yet: a small index over a table that only grows.
        e.HasIndex(x => x.ReceivedAt).HasDatabaseName("IX_InboundEvents_Unprocessed").HasFilter("\"ProcessedAt\" IS NULL");
        e.HasIndex(x => x.WorkspaceId);
        e.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> s)
    {
        s.ToTable("WebhookSubscriptions");
        s.Property(x => x.Provider).HasMaxLength(20);
        s.Property(x => x.ExternalId).HasMaxLength(100);
        s.Property(x => x.EndpointUrl).HasMaxLength(1000);
        s.Property(x => x.EventTypes).HasMaxLength(2000);
        s.Property(x => x.Status).HasMaxLength(30);
        s.Property(x => x.CreatedBy).HasMaxLength(450);
        s.HasIndex(x => new { x.IntegrationId, x.Provider }).IsUnique();
        s.HasIndex(x => x.WorkspaceId);
        s.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}
