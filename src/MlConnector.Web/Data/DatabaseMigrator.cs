using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MlConnector.Web.Data;

/// <summary>
/// Applies the migrations in /migrations before the server takes requests (hosted services start
/// before Kestrel). EF takes a migration lock, so several nodes starting at once are safe.
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
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
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
