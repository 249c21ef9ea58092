using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using Npgsql;

namespace MlConnector.Tests.Integration;

public sealed class OperationsTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task DataProtectionKeys_LiveInTheDatabase_SoAnotherNodeCanDecrypt(Db database)
    {
        string secret;
        using var first = await PortalHost.StartAsync(database);
        secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests").Protect("client-secret-123");
        await using (var db = first.OpenDb())
            (await db.DataProtectionKeys.CountAsync()).ShouldBe(1);

        // A second node (or the same app after a restart) on the same database, with no local key files.
        using var second = await PortalHost.StartAsync(database, first.DatabaseSettings.ToDictionary());
        second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests").Unprotect(secret)
            .ShouldBe("client-secret-123");
    }

    [Fact]
    public async Task Startup_WithBadConfiguration_StopsAndNamesEveryBadKey()
    {
        var error = await Should.ThrowAsync<Exception>(() => PortalHost.StartAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Oracle",
            ["Database:DataFolder"] = " ",
            ["Workspaces:TrialDays"] = "0",
            ["ReferenceData:RefreshEvery"] = "00:01:00",
            ["Jobs:ClusterCheckinInterval"] = "00:00:00.100",
        }));

        var message = Flatten(error);
        message.ShouldContain("Database:Provider must be 'Sqlite' or 'PostgreSQL' (was 'Oracle')");
        message.ShouldContain("Database:DataFolder must not be empty");
        message.ShouldContain("Workspaces:TrialDays must be between 1 and 365");
        message.ShouldContain("ReferenceData:RefreshEvery must be between 00:05:00 and 7.00:00:00");
        message.ShouldContain("Jobs:ClusterCheckinInterval must be between 00:00:01 and 00:05:00");
    }

    [Fact]
    public async Task Startup_PostgreSqlWithoutConnectionString_SaysWhichKeyIsMissing()
    {
        var error = await Should.ThrowAsync<Exception>(() => PortalHost.StartAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
        }));

        Flatten(error).ShouldContain("Database:ConnectionString is required when Database:Provider is PostgreSQL");
    }

    [Fact]
    public async Task Healthz_ReportsTheDatabase_HealthyThenUnhealthyWhenItIsGone()
    {
        using var host = await PortalHost.StartAsync(Db.PostgreSql);
        using var client = host.CreateBrowserlikeClient();

        var healthy = await client.GetAsync("healthz");
        healthy.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = JsonDocument.Parse(await healthy.Content.ReadAsStringAsync()).RootElement;
        report.GetProperty("status").GetString().ShouldBe("Healthy");
        report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");

        var database = new NpgsqlConnectionStringBuilder(host.DatabaseSettings["Database:ConnectionString"]).Database!;
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(PostgresServer.Shared.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }

        var unhealthy = await client.GetAsync("healthz");
        unhealthy.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        JsonDocument.Parse(await unhealthy.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("Unhealthy");

        // Quartz's clustered store retries a lost database for as long as its own shutdown waits: the node must stop anyway.
        var stopping = host.DisposeAsync().AsTask();
        (await Task.WhenAny(stopping, Task.Delay(PortalHost.ShutdownTimeout * 6))).ShouldBe(stopping, "the node stopped although its database is gone");
    }

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join("\n", aggregate.InnerExceptions.Select(Flatten)),
        _ when error.InnerException is not null => error.Message + "\n" + Flatten(error.InnerException),
        _ => error.Message,
    };
}
