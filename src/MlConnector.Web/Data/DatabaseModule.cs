using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data.Protection;

namespace MlConnector.Web.Data;

public static class DatabaseModule
{
    /// <summary>EF Core on SQLite (default) or PostgreSQL, migrated at startup; Data Protection keys in the database.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        var contentRoot = builder.Environment.ContentRootPath;
        // Scoped, so each context is built in the caller's scope and sees that scope's CurrentWorkspace.
        // It also registers AppDbContext itself as scoped (Identity's stores, endpoints, jobs).
        builder.Services.AddDbContextFactory<AppDbContext>(
            (services, db) => Configure(db, services.GetRequiredService<IOptions<DatabaseOptions>>().Value, contentRoot),
            ServiceLifetime.Scoped);
        // Hosted services start in registration order, and the host's Data Protection service (registered
        // by default) reads the key ring from the database at startup: migrate before anything else.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseMigrator>());

        builder.Services.AddDataProtection().SetApplicationName("ml-connector");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceScopeFactory>((keys, scopes) => keys.XmlRepository = new DatabaseXmlRepository(scopes));
        return builder;
    }

    internal static void Configure(DbContextOptionsBuilder db, DatabaseOptions options, string contentRoot)
    {
        if (options.IsPostgreSql)
            db.UseNpgsql(options.ConnectionString);
        else
            db.UseSqlite(options.ConnectionString
                ?? new SqliteConnectionStringBuilder { DataSource = options.SqliteFile(contentRoot) }.ToString());

        // Migrations are hand-written without a model snapshot (EF's design tools do not restore here),
        // so EF always believes the model has pending changes. Drift is caught by the schema test instead.
        db.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}
