using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Files;

internal sealed class InboundFileConfiguration : IEntityTypeConfiguration<InboundFile>
{
    public void Configure(EntityTypeBuilder<InboundFile> file)
    {
        file.ToTable("InboundFiles");
        file.Property(f => f.Source).HasMaxLength(60);
        file.Property(f => f.Path).HasMaxLength(1000);
        file.Property(f => f.ContentHash).HasMaxLength(64);
        file.Property(f => f.State).HasConversion<string>().HasMaxLength(20);
        // The same bytes delivered twice (renamed, re-uploaded, two pollers at once) meet this key and create nothing new.
        file.HasIndex(f => new { f.IntegrationId, f.ContentHash }).IsUnique();
        file.HasIndex(f => new { f.IntegrationId, f.ReceivedAt });
        file.HasIndex(f => f.WorkspaceId);
        file.HasOne<Integration>().WithMany().HasForeignKey(f => f.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}
