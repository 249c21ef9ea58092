using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Integrations;

internal sealed class IntegrationConfiguration : IEntityTypeConfiguration<Integration>
{
    public void Configure(EntityTypeBuilder<Integration> integration)
    {
        integration.ToTable("Integrations");
        integration.Property(i => i.Name).HasMaxLength(100);
        integration.Property(i => i.Kind).HasConversion<string>().HasMaxLength(40);
        integration.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        integration.Property(i => i.PausedReason).HasMaxLength(500);
        integration.Property(i => i.PausedBy).HasConversion<string>().HasMaxLength(10);
        integration.Property(i => i.PollEveryMinutes).HasDefaultValue(15);
        integration.HasIndex(i => i.WorkspaceId);
        integration.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
