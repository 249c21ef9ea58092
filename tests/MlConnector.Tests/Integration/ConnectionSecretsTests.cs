using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using Npgsql;

namespace MlConnector.Tests.Integration;

/// <summary>Credentials are encrypted per workspace, shown only as "set", and never stored in clear.</summary>
public abstract class ConnectionSecretsTests(PortalHost host)
{
    [Fact]
    public async Task SavedSecret_IsUsableByConnectors_ButViewsOnlySayItIsSet()
    {
        var (store, _, ramp) = await NewRampConnectionAsync("rk-secret-" + Guid.NewGuid().ToString("N"));

        var view = (await store.ViewAsync(ramp.Id))!;
        view.SecretsSet.ShouldBe(["ClientSecret"]);
        view.Settings["ClientId"].ShouldBe("ramp-client-7");
        typeof(ConnectionView).GetProperties().ShouldNotContain(p => p.PropertyType == typeof(IReadOnlyDictionary<string, string>) && p.Name.Contains("Secret"));
        (await store.CredentialsAsync(ramp.Id))!.Secrets["ClientSecret"].ShouldStartWith("rk-secret-");
    }

    [Fact]
    public async Task ReplacingASecret_BumpsItsVersion_KeepsHistory_AndBlankKeepsTheOld()
    {
        var (store, userId, ramp) = await NewRampConnectionAsync("first-secret");

        await store.SaveAsync(ramp.Id, new Dictionary<string, string> { ["ClientId"] = "ramp-client-7", ["Environment"] = "sandbox" }, new Dictionary<string, string> { ["ClientSecret"] = "" }, userId);
        (await store.CredentialsAsync(ramp.Id))!.Secrets["ClientSecret"].ShouldBe("first-secret");
        await store.SaveAsync(ramp.Id, new Dictionary<string, string> { ["ClientId"] = "ramp-client-8", ["Environment"] = "sandbox" }, new Dictionary<string, string> { ["ClientSecret"] = "second-secret" }, userId);

        (await store.CredentialsAsync(ramp.Id))!.Secrets["ClientSecret"].ShouldBe("second-secret");
        (await store.ViewAsync(ramp.Id))!.SecretsVersion.ShouldBe(2);
        var history = await store.HistoryAsync(ramp.Id);
        history.Select(h => (h.Description, h.SecretsVersion)).ShouldBe(
        [
            ("Settings changed: ClientId, Environment", 1), ("Secret replaced: ClientSecret", 1),
            ("Settings changed: ClientId", 2), ("Secret replaced: ClientSecret", 2),
        ]);
        history.ShouldAllBe(h => h.UserId == userId && !h.Description.Contains("secret-"));
    }

    [Fact]
    public async Task AnotherWorkspace_CannotSeeTheConnection_NorDecryptItsCiphertext()
    {
        var (_, _, ramp) = await NewRampConnectionAsync("tenant-a-secret");
        var (otherStore, _, otherRamp) = await NewRampConnectionAsync("tenant-b-secret");

        (await otherStore.ViewAsync(ramp.Id)).ShouldBeNull();
        string ciphertext;
        await using (var db = host.OpenDb(ramp.WorkspaceId)) ciphertext = db.Connections.Single(c => c.Id == ramp.Id).SecretsCiphertext!;
        var secrets = host.Services.GetRequiredService<ConnectionSecrets>();
        Should.Throw<CryptographicException>(() => secrets.Unprotect(otherRamp.WorkspaceId, ciphertext));
    }

    [Fact]
    public async Task DatabaseDump_ContainsNoPlaintextSecret()
    {
        var secret = "PLAINTEXT-CANARY-" + Guid.NewGuid().ToString("N");
        var (_, _, ramp) = await NewRampConnectionAsync(secret);

        var dump = await DumpAsync();

        dump.ShouldContain("ramp-client-7", Case.Sensitive, "the dump must include the connection's row for this test to mean anything");
        dump.ShouldNotContain(secret);
        dump.ShouldNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
    }

    private async Task<string> DumpAsync()
    {
        if (host.Database == Db.Sqlite)
        {
            var file = Path.Combine(host.DatabaseSettings["Database:DataFolder"]!, "ml-connector.db");
            // The whole file and its write-ahead log, as bytes: what a stolen backup would hold.
            var bytes = File.ReadAllBytes(file).Concat(File.Exists(file + "-wal") ? File.ReadAllBytes(file + "-wal") : []).ToArray();
            return Encoding.Latin1.GetString(bytes);
        }
        var cs = new NpgsqlConnectionStringBuilder(host.DatabaseSettings["Database:ConnectionString"]);
        var pgDump = Directory.GetFiles("/usr/lib/postgresql", "pg_dump", SearchOption.AllDirectories).Order().Last();
        var start = new ProcessStartInfo(pgDump) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", cs.Host!, "-p", cs.Port.ToString(), "-U", cs.Username!, "--data-only", cs.Database! }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
        return output;
    }

    private async Task<(ConnectionStore Store, string UserId, Connection Ramp)> NewRampConnectionAsync(string secret)
    {
        Guid workspaceId;
        using (var client = host.CreateBrowserlikeClient()) workspaceId = await SsrForms.RegisterWorkspaceAsync(client, SsrForms.Account(40), "Secrets Co");
        string userId;
        await using (var db = host.OpenDb(workspaceId)) userId = db.Memberships.Single().UserId;

        var scope = host.Services.CreateScope(); // lives as long as the test: the store is used after we return
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
        var store = scope.ServiceProvider.GetRequiredService<ConnectionStore>();
        var integration = await store.CreateIntegrationAsync(IntegrationKind.RampD365, "Ramp to Dynamics");
        Connection ramp;
        await using (var db = host.OpenDb(workspaceId))
        {
            db.Connections.Count(c => c.IntegrationId == integration.Id).ShouldBe(2);
            ramp = db.Connections.Single(c => c.IntegrationId == integration.Id && c.System == ExternalSystem.Ramp);
        }
        await store.SaveAsync(ramp.Id, new Dictionary<string, string> { ["ClientId"] = "ramp-client-7", ["Environment"] = "sandbox" },
            new Dictionary<string, string> { ["ClientSecret"] = secret }, userId);
        return (store, userId, ramp);
    }
}

public sealed class ConnectionSecretsTestsOnSqlite(SqlitePortal portal) : ConnectionSecretsTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class ConnectionSecretsTestsOnPostgres(PostgresPortal portal) : ConnectionSecretsTests(portal.Host), IClassFixture<PostgresPortal>;
