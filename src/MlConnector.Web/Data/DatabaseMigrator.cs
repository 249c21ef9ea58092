using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MlConnector.Web.Data;

/// <summary>
/// Applies the migrations in /migrations before the server takes requests (hosted services start
/// before Kestrel). On PostgreSQL a session advisory lock serialises nodes that start at once: EF's own lock is taken on
/// its history table, which does not exist yet in a new database, so two nodes would both create the schema.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> options,
    IHostEnvironment environment,
    ILogger<DatabaseMigrator> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsPostgreSql && settings.ConnectionString is null)
            Directory.CreateDirectory(Path.GetDirectoryName(settings.SqliteFile(environment.ContentRootPath))!);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Held on this connection until it closes; EF keeps using the connection we opened.
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (settings.IsPostgreSql) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7411826201)", cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (settings.IsPostgreSql) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7411826201)", cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer: the portal and background jobs share one file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        LogMigrated(settings.IsPostgreSql ? DatabaseOptions.PostgreSql : DatabaseOptions.Sqlite, pending.Count, string.Join(", ", pending));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}); applied {Count} migration(s): {Migrations}")]
    private partial void LogMigrated(string provider, int count, string migrations);
}
