using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.RampChart;

internal sealed class RampChartPushRecordConfiguration : IEntityTypeConfiguration<RampChartPushRecord>
{
    public void Configure(EntityTypeBuilder<RampChartPushRecord> push)
    {
        push.ToTable("RampChartPushes");
        push.HasIndex(p => new { p.IntegrationId, p.StartedAt });
        push.HasIndex(p => p.WorkspaceId);
        push.HasOne<Integration>().WithMany().HasForeignKey(p => p.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}
