using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Notifications;

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<NotificationSettings>
{
    public void Configure(EntityTypeBuilder<NotificationSettings> s)
    {
        s.ToTable("NotificationSettings");
        s.HasKey(x => x.WorkspaceId);
        s.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        s.Property(x => x.EmailTo).HasMaxLength(1000);
        s.Property(x => x.WebhookUrl).HasMaxLength(1000);
        s.Property(x => x.UpdatedBy).HasMaxLength(256);
        s.HasOne<Workspace>().WithOne().HasForeignKey<NotificationSettings>(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationEpisodeConfiguration : IEntityTypeConfiguration<NotificationEpisode>
{
    public void Configure(EntityTypeBuilder<NotificationEpisode> e)
    {
        e.ToTable("NotificationEpisodes");
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.Summary).HasMaxLength(1000);
        e.Property(x => x.SentVia).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.LastError).HasMaxLength(500);
        // The sweep's look for an integration's open episodes.
        e.HasIndex(x => new { x.IntegrationId, x.Kind, x.EndedAt });
        e.HasIndex(x => x.WorkspaceId);
        e.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}
