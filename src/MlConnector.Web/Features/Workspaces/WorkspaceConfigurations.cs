using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MlConnector.Web.Features.Workspaces;

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> workspace)
    {
        workspace.ToTable("Workspaces");
        workspace.Property(w => w.Name).HasMaxLength(100);
        workspace.Property(w => w.StartedWith).HasConversion<string>().HasMaxLength(40);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> membership)
    {
        membership.ToTable("Memberships");
        membership.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        membership.HasIndex(m => new { m.WorkspaceId, m.UserId }).IsUnique();
        membership.HasIndex(m => m.UserId);
        membership.HasOne(m => m.Workspace).WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        membership.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
