using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Sync;

internal sealed class SyncRecordConfiguration : IEntityTypeConfiguration<SyncRecord>
{
    public void Configure(EntityTypeBuilder<SyncRecord> record)
    {
        record.ToTable("SyncRecords");
        record.Property(r => r.Flow).HasMaxLength(60);
        record.Property(r => r.SourceId).HasMaxLength(200);
        record.Property(r => r.NaturalKey).HasMaxLength(300);
        record.Property(r => r.Summary).HasMaxLength(300);
        record.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        record.Property(r => r.ErrorCategory).HasConversion<string>().HasMaxLength(20);
        record.Property(r => r.ErrorMessage).HasMaxLength(2000);
        record.Property(r => r.ErrorHint).HasMaxLength(1000);
        record.Property(r => r.ErrorReference).HasMaxLength(40);
        // The fence: a worker saves its outcome only while it still holds the lease it claimed.
        record.Property(r => r.LeaseOwner).HasMaxLength(100).IsConcurrencyToken();
        record.Property(r => r.TargetDocumentId).HasMaxLength(200);
        // Intake upserts on this key: a webhook, a poll and a replay of one bill meet the same row.
        record.HasIndex(r => new { r.IntegrationId, r.Flow, r.SourceId }).IsUnique();
        // The claim queries: which integrations have due records, and each one's due records by time and its live leases.
        record.HasIndex(r => new { r.IntegrationId, r.State, r.NextAttemptAt });
        record.HasIndex(r => new { r.IntegrationId, r.ReportPending });
        record.HasIndex(r => r.WorkspaceId);
        // The record explorer's pages (the tenancy filter puts the workspace first): newest first, by state, by creation,
        // per integration; Id last so ties page in a stable order without a sort.
        record.HasIndex(r => new { r.WorkspaceId, r.UpdatedAt, r.Id });
        record.HasIndex(r => new { r.WorkspaceId, r.State, r.UpdatedAt, r.Id });
        record.HasIndex(r => new { r.WorkspaceId, r.CreatedAt, r.Id });
        record.HasIndex(r => new { r.IntegrationId, r.UpdatedAt, r.Id });
        record.HasIndex(r => new { r.WorkspaceId, r.ErrorCategory, r.UpdatedAt, r.Id });
        record.HasOne<Integration>().WithMany().HasForeignKey(r => r.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.ToTable("AuditEvents");
        audit.Property(a => a.Action).HasConversion<string>().HasMaxLength(20);
        audit.Property(a => a.FromState).HasConversion<string>().HasMaxLength(20);
        audit.Property(a => a.ToState).HasConversion<string>().HasMaxLength(20);
        audit.Property(a => a.Actor).HasMaxLength(256);
        audit.Property(a => a.Message).HasMaxLength(2000);
        audit.HasIndex(a => new { a.RecordId, a.Id });
        audit.HasIndex(a => new { a.IntegrationId, a.At });
        audit.HasIndex(a => a.WorkspaceId);
        // A record's trail under the tenancy filter: without statistics SQLite preferred the workspace index above and read
        // every entry of the workspace (280 ms at 100,000 records) instead of the record's few.
        audit.HasIndex(a => new { a.WorkspaceId, a.RecordId, a.Id });
        audit.HasOne<SyncRecord>().WithMany().HasForeignKey(a => a.RecordId).OnDelete(DeleteBehavior.Cascade);
    }
}
