using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.ReferenceData;

internal sealed class ReferenceItemConfiguration : IEntityTypeConfiguration<ReferenceItem>
{
    public void Configure(EntityTypeBuilder<ReferenceItem> item)
    {
        item.ToTable("ReferenceItems");
        item.Property(i => i.System).HasConversion<string>().HasMaxLength(40);
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(40);
        item.Property(i => i.Group).HasMaxLength(100);
        item.Property(i => i.ExternalId).HasMaxLength(200);
        item.Property(i => i.Code).HasMaxLength(200);
        item.Property(i => i.Name).HasMaxLength(500);
        item.HasIndex(i => new { i.IntegrationId, i.System, i.Kind, i.Group, i.ExternalId }).IsUnique();
        item.HasIndex(i => i.WorkspaceId);
        item.HasOne<Integration>().WithMany().HasForeignKey(i => i.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}
