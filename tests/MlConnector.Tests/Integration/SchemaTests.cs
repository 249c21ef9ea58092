using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;
using Npgsql;
using Quartz;

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

    [Fact]
    public async Task QuartzMigration_OnPostgres_CreatesTheTablesTheReferencedQuartzCreates()
    {
        await using var migrated = await NewContextAsync(Db.PostgreSql);
        await migrated.Database.MigrateAsync();
        var byQuartz = await PostgresServer.Shared.CreateDatabaseAsync("schema_quartz");
        await ProvisionQuartzSchemaAsync(byQuartz);

        var fromMigrations = await ReadQuartzCatalogAsync(migrated.Database.GetConnectionString()!);
        var fromQuartz = await ReadQuartzCatalogAsync(byQuartz);

        fromQuartz.ShouldContain(line => line.StartsWith("column qrtz_fired_triggers.", StringComparison.Ordinal));
        fromMigrations.Except(fromQuartz).ShouldBeEmpty("in the migrated database but not in what Quartz creates");
        fromQuartz.Except(fromMigrations).ShouldBeEmpty("created by the referenced Quartz but missing from the migration: add a migration with Quartz's upgrade script");
    }

    [Fact]
    public async Task QuartzMigration_OnSqlite_CreatesNoTables()
    {
        await using var db = await NewContextAsync(Db.Sqlite);
        await db.Database.MigrateAsync();

        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync();

        tables.ShouldNotContain(t => t.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase), "on SQLite the schedule is kept in memory");
        tables.ShouldContain("SyncRecords");
    }

    /// <summary>Lets the referenced Quartz create its own tables (ProvisionSchema) in an empty database.</summary>
    private static async Task ProvisionQuartzSchemaAsync(string connectionString)
    {
        await using var factory = QuartzSchedulerBuilder.Create(q => q.UsePersistentStore(store =>
        {
            store.UsePostgres(NpgsqlFactory.Instance, connectionString);
            store.ProvisionSchema();
        })).Build();
        await factory.GetScheduler();
    }

    private static async Task<IReadOnlyList<string>> ReadQuartzCatalogAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await SchemaCatalog.ReadQuartzAsync(connection);
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
