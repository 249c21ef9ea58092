using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Infrastructure;

public enum Db { Sqlite, PostgreSql }

/// <summary>
/// The real portal (Program) on a real Kestrel port, with its own database (a fresh SQLite file or a
/// fresh database on the shared PostgreSQL server) and its own scratch folder. Environment Development, so static web assets resolve.
/// </summary>
public sealed class PortalHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string scratchFolder;
    private readonly Action<IServiceCollection>? replaceServices;

    private PortalHost(IReadOnlyDictionary<string, string?> settings, string scratchFolder, Action<IServiceCollection>? replaceServices)
    {
        this.settings = settings;
        this.scratchFolder = scratchFolder;
        this.replaceServices = replaceServices;
    }

    public Db Database { get; private init; }

    /// <summary>The settings that locate this host's database: pass them to a second host to share it.</summary>
    public IReadOnlyDictionary<string, string?> DatabaseSettings =>
        settings.Where(s => s.Key.StartsWith("Database:", StringComparison.Ordinal)).ToDictionary();

    public Uri BaseAddress { get; private set; } = default!;

    public static TimeSpan ShutdownTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <param name="replaceServices">Swaps what cannot run here for a stand-in (e.g. lets the SFTP fixture's loopback port through).</param>
    public static async Task<PortalHost> StartAsync(Db database, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? replaceServices = null)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"mlc-portal-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:StampliDropFolder"] = Path.Combine(scratch, "stampli"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        };
        if (database == Db.Sqlite)
        {
            settings["Database:Provider"] = "Sqlite";
            settings["Database:DataFolder"] = Path.Combine(scratch, "data");
        }
        else
        {
            settings["Database:Provider"] = "PostgreSQL";
            settings["Database:ConnectionString"] = await PostgresServer.Shared.CreateDatabaseAsync("portal");
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;

        var host = new PortalHost(settings, scratch, replaceServices) { Database = database };
        host.UseKestrel(0);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // A node that cannot stop cleanly (its database gone) gives up after this instead of the default 30 s.
        builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout));
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (replaceServices is not null) builder.ConfigureTestServices(replaceServices);
    }

    /// <summary>A browser-like HTTP client over the network: cookies kept, redirects not followed.</summary>
    public HttpClient CreateBrowserlikeClient() =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = BaseAddress,
        };

    /// <summary>A database context in its own scope, inside <paramref name="workspaceId"/> when given.</summary>
    public AppDbContext OpenDb(Guid? workspaceId = null, WorkspaceRole role = WorkspaceRole.Owner)
    {
        var scope = Services.CreateScope();
        if (workspaceId is { } id) scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(id, role);
        return scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(scratchFolder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(scratchFolder, recursive: true);
        }
    }
}
