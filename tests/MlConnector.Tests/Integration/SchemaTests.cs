using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Integration;

/// <summary>
/// The hand-written migrations in /migrations must build exactly the schema the current model would
/// create. PostgreSQL is the strict judge (SQLite ignores lengths); SQLite is checked too.
/// </summary>
public sealed class SchemaTests : IDisposable
{
    private readonly List<string> sqliteFiles = [];

    [Theory]
    [InlineData(Db.PostgreSql)]
    [InlineData(Db.Sqlite)]
    public async Task Migrations_ProduceTheSchemaOfTheCurrentModel(Db provider)
    {
        await using var migrated = await NewContextAsync(provider);
        await migrated.Database.MigrateAsync();
        await using var created = await NewContextAsync(provider);
        await created.Database.EnsureCreatedAsync();

        var fromMigrations = await ReadCatalogAsync(migrated);
        var fromModel = await ReadCatalogAsync(created);

        fromModel.Count.ShouldBeGreaterThan(20);
        fromMigrations.Except(fromModel).ShouldBeEmpty("in the migrated database but not in the model's");
        fromModel.Except(fromMigrations).ShouldBeEmpty("in the model's database but not in the migrated one");
    }

    [Theory]
    [InlineData(Db.PostgreSql)]
    [InlineData(Db.Sqlite)]
    public async Task Migrations_AreAllAppliedAndNoneRemainPending(Db provider)
    {
        await using var db = await NewContextAsync(provider);
        await db.Database.MigrateAsync();

        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
    }

    private static async Task<IReadOnlyList<string>> ReadCatalogAsync(AppDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        return await SchemaCatalog.ReadAsync(connection);
    }

    private async Task<AppDbContext> NewContextAsync(Db provider)
    {
        var sqliteFile = Path.Combine(Path.GetTempPath(), $"mlc-schema-{Guid.NewGuid():N}.db");
        if (provider == Db.Sqlite) sqliteFiles.Add(sqliteFile);
        var options = provider == Db.PostgreSql
            ? new DatabaseOptions { Provider = DatabaseOptions.PostgreSql, ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync("schema") }
            : new DatabaseOptions { Provider = DatabaseOptions.Sqlite, ConnectionString = $"Data Source={sqliteFile}" };
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseModule.Configure(builder, options, Path.GetTempPath());
        return new AppDbContext(builder.Options, new CurrentWorkspace());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in sqliteFiles)
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
    }
}
