using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Connections;

internal sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> connection)
    {
        connection.ToTable("Connections");
        connection.Property(c => c.System).HasConversion<string>().HasMaxLength(40);
        connection.HasIndex(c => new { c.IntegrationId, c.System }).IsUnique();
        connection.HasIndex(c => c.WorkspaceId);
        connection.HasOne<Integration>().WithMany().HasForeignKey(c => c.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConnectionChangeConfiguration : IEntityTypeConfiguration<ConnectionChange>
{
    public void Configure(EntityTypeBuilder<ConnectionChange> change)
    {
        change.ToTable("ConnectionChanges");
        change.Property(c => c.UserId).HasMaxLength(450);
        change.Property(c => c.Description).HasMaxLength(500);
        change.HasIndex(c => new { c.ConnectionId, c.At });
        change.HasIndex(c => c.WorkspaceId);
        change.HasOne<Connection>().WithMany().HasForeignKey(c => c.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
