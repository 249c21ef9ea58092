using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data.Protection;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Files;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Notifications;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Webhooks;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options, CurrentWorkspace currentWorkspace)
    : IdentityUserContext<AppUser>(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Integration> Integrations => Set<Integration>();
    public DbSet<Connection> Connections => Set<Connection>();
    public DbSet<ConnectionChange> ConnectionChanges => Set<ConnectionChange>();
    public DbSet<ReferenceItem> ReferenceItems => Set<ReferenceItem>();
    public DbSet<MappingEntry> MappingEntries => Set<MappingEntry>();
    public DbSet<MappingChange> MappingChanges => Set<MappingChange>();
    public DbSet<MappingHold> MappingHolds => Set<MappingHold>();
    public DbSet<RampChartPushRecord> RampChartPushes => Set<RampChartPushRecord>();
    public DbSet<SyncRecord> SyncRecords => Set<SyncRecord>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<InboundFile> InboundFiles => Set<InboundFile>();
    public DbSet<InboundEvent> InboundEvents => Set<InboundEvent>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<NotificationSettings> NotificationSettings => Set<NotificationSettings>();
    public DbSet<NotificationEpisode> NotificationEpisodes => Set<NotificationEpisode>();

    // Read by the query filters on every query: EF parameterises it per context instance.
    // No current workspace means no workspace-owned rows at all (fail closed).
    private Guid CurrentWorkspaceId => currentWorkspace.Id ?? Guid.Empty;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        // The workspace row itself is visible only as the current workspace.
        builder.Entity<Workspace>().HasQueryFilter(w => w.Id == CurrentWorkspaceId);
        foreach (var entity in builder.Model.GetEntityTypes()
                     .Where(e => typeof(IWorkspaceOwned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(WorkspaceFilter(entity.ClrType));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // SQLite has no date type and EF cannot ORDER BY or compare DateTimeOffset there. Store instants
        // as fixed-width UTC text instead, whose text order is time order: queries work on both providers.
        if (Database.IsSqlite())
            configuration.Properties<DateTimeOffset>().HaveConversion<UtcInstantAsText>();
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampAndGuardWorkspace();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampAndGuardWorkspace();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void StampAndGuardWorkspace()
    {
        foreach (var entry in ChangeTracker.Entries<IWorkspaceOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.WorkspaceId == Guid.Empty)
                entry.Entity.WorkspaceId = currentWorkspace.Id
                    ?? throw new InvalidOperationException($"A {entry.Entity.GetType().Name} was added with no current workspace.");

            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Entity.WorkspaceId != currentWorkspace.Id)
                throw new InvalidOperationException(
                    $"Refusing to write a {entry.Entity.GetType().Name} of another workspace.");
        }
    }

    private LambdaExpression WorkspaceFilter(Type entityType)
    {
        var row = Expression.Parameter(entityType, "row");
        var rowWorkspace = Expression.Property(row, nameof(IWorkspaceOwned.WorkspaceId));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentWorkspaceId));
        return Expression.Lambda(Expression.Equal(rowWorkspace, current), row);
    }
}
