using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MlConnector.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster started from the installed binaries (initdb + pg_ctl) on a free
/// loopback port, shared by the whole test run and stopped when the test process exits. Each test
/// class asks for its own database.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Instance = new(Start);
    private readonly string dataDir;
    private readonly string binDir;
    private int databases;

    private PostgresServer(string binDir, string dataDir, int port)
    {
        this.binDir = binDir;
        this.dataDir = dataDir;
        Port = port;
    }

    public static PostgresServer Shared => Instance.Value;

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Interlocked.Increment(ref databases)}_{Environment.ProcessId}";
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static PostgresServer Start()
    {
        var binDir = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: run the test command from the README, which installs them.");

        // As root the cluster runs as the postgres user, who must be able to reach the folder: the system's
        // /tmp always allows that, a TMPDIR under someone's private checkout may not.
        var tempRoot = IsRoot ? "/tmp" : Path.GetTempPath();
        RemoveStoppedClusters(tempRoot);
        var dataDir = Path.Combine(tempRoot, $"mlc-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var port = FreePort();
        var server = new PostgresServer(binDir, dataDir, port);

        // initdb and postgres refuse to run as root.
        if (IsRoot) Run("chown", "postgres:postgres", dataDir);
        server.RunPg("initdb", "-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        File.AppendAllText(Path.Combine(dataDir, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = '{dataDir}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200
            """);
        server.RunPg("pg_ctl", "-D", dataDir, "-l", Path.Combine(dataDir, "server.log"), "-w", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        NpgsqlConnection.ClearAllPools();
        RunPg("pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop");
        // The test host may exit before a delete finishes: the next run sweeps what is left.
        TryDelete(dataDir);
    }

    /// <summary>Clusters of earlier runs that stopped (or crashed) without being deleted.</summary>
    private static void RemoveStoppedClusters(string tempRoot)
    {
        foreach (var dir in Directory.EnumerateDirectories(tempRoot, "mlc-pg-*"))
        {
            if (!File.Exists(Path.Combine(dir, "postmaster.pid"))) TryDelete(dir);
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void RunPg(string tool, params string[] args)
    {
        var path = Path.Combine(binDir, tool);
        if (IsRoot) Run("runuser", ["-u", "postgres", "--", path, .. args]);
        else Run(path, args);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static void Run(string file, params string[] args)
    {
        // Working directory "/": the postgres user may not be allowed into the test's own folder.
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in a minute.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
