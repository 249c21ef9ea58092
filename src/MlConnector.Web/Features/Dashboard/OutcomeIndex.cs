using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.Dashboard;

/// <summary>
/// The dashboard's index on the trail (besides Sync's own configuration of <see cref="AuditEvent"/>): only the outcome
/// events (posted, linked, skipped, failed: about one in five), by integration and time, carrying the action and record
/// id. The chart, the synced counts and the failure alarm read it alone, without touching the wide trail rows.
/// </summary>
internal sealed class OutcomeIndex : IEntityTypeConfiguration<AuditEvent>
{
    public const string Name = "IX_AuditEvents_Outcomes";

    /// <summary>Queries must repeat this condition word for word, so SQLite's planner sees the partial index applies.</summary>
    public const string Filter = "\"Action\" IN ('Posted', 'Linked', 'Skipped', 'Failed')";

    public void Configure(EntityTypeBuilder<AuditEvent> audit) =>
        audit.HasIndex(a => new { a.IntegrationId, a.At, a.Action, a.RecordId }, Name).HasFilter(Filter);
}
