namespace MlConnector.Tests.Infrastructure;

/// <summary>One running portal per test class, on the database the subclass names.</summary>
public abstract class PortalFixture(Db database) : IAsyncLifetime
{
    public PortalHost Host { get; private set; } = default!;

    public async Task InitializeAsync() => Host = await PortalHost.StartAsync(database);

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SqlitePortal() : PortalFixture(Db.Sqlite);

public sealed class PostgresPortal() : PortalFixture(Db.PostgreSql);
