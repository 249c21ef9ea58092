using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Mappings;

internal sealed class MappingEntryConfiguration : IEntityTypeConfiguration<MappingEntry>
{
    public void Configure(EntityTypeBuilder<MappingEntry> entry)
    {
        entry.ToTable("MappingEntries");
        entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        entry.Property(e => e.Group).HasMaxLength(100);
        entry.Property(e => e.SourceKey).HasMaxLength(200);
        entry.Property(e => e.SourceCode).HasMaxLength(200);
        entry.Property(e => e.SourceName).HasMaxLength(500);
        entry.Property(e => e.SuggestedTargetId).HasMaxLength(200);
        entry.Property(e => e.SuggestionReason).HasMaxLength(200);
        entry.Property(e => e.TargetId).HasMaxLength(200);
        entry.Property(e => e.ChangedBy).HasMaxLength(256);
        entry.HasIndex(e => new { e.IntegrationId, e.Kind, e.Group, e.SourceKey }).IsUnique();
        entry.HasIndex(e => e.WorkspaceId);
        entry.HasOne<Integration>().WithMany().HasForeignKey(e => e.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MappingChangeConfiguration : IEntityTypeConfiguration<MappingChange>
{
    public void Configure(EntityTypeBuilder<MappingChange> change)
    {
        change.ToTable("MappingChanges");
        change.Property(c => c.Kind).HasConversion<string>().HasMaxLength(40);
        change.Property(c => c.Group).HasMaxLength(100);
        change.Property(c => c.SourceKey).HasMaxLength(200);
        change.Property(c => c.OldTargetId).HasMaxLength(200);
        change.Property(c => c.NewTargetId).HasMaxLength(200);
        change.Property(c => c.Origin).HasConversion<string>().HasMaxLength(40);
        change.Property(c => c.ChangedBy).HasMaxLength(256);
        change.HasIndex(c => new { c.IntegrationId, c.Kind, c.Group, c.SourceKey });
        change.HasIndex(c => c.WorkspaceId);
        change.HasOne<Integration>().WithMany().HasForeignKey(c => c.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MappingHoldConfiguration : IEntityTypeConfiguration<MappingHold>
{
    public void Configure(EntityTypeBuilder<MappingHold> hold)
    {
        hold.ToTable("MappingHolds");
        hold.Property(h => h.Kind).HasConversion<string>().HasMaxLength(40);
        hold.Property(h => h.Group).HasMaxLength(100);
        hold.Property(h => h.SourceKey).HasMaxLength(200);
        hold.Property(h => h.RecordKey).HasMaxLength(200);
        hold.HasIndex(h => new { h.IntegrationId, h.Kind, h.Group, h.SourceKey, h.RecordKey }).IsUnique();
        hold.HasIndex(h => new { h.IntegrationId, h.RecordKey });
        hold.HasIndex(h => h.WorkspaceId);
        hold.HasOne<Integration>().WithMany().HasForeignKey(h => h.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}
