using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Jobs;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Workspaces;
using Npgsql;
using Quartz;

namespace MlConnector.Tests.Integration;

/// <summary>
/// On PostgreSQL the portal's nodes share one clustered Quartz store: each fire of a recurring job runs on exactly
/// one node, and a node that stops or dies leaves the others firing. On SQLite one node keeps its schedule in memory.
/// Nodes are portal hosts in this process on one database, each running a job that fires every second.
/// </summary>
public sealed class QuartzStoreTests
{
    // Short check-ins, so that the cluster notices a dead node in about six seconds rather than fifteen. The threshold
    // keeps a margin over the interval: on a loaded machine a live node checking in two seconds late would be written
    // off, and a fire it had claimed would run on both nodes (Quartz's price for a false recovery).
    private static readonly Dictionary<string, string?> FastCheckins = new()
    {
        ["Jobs:ClusterCheckinInterval"] = "00:00:01",
        ["Jobs:ClusterCheckinMisfireThreshold"] = "00:00:05",
    };

    [Fact]
    public async Task TwoNodesStartingTogether_RunEveryFireOnce_BothStayingUp()
    {
        var job = NewJob();
        var database = await PostgresServer.Shared.CreateDatabaseAsync("cluster");
        // An empty database: the nodes' migrators race (an advisory lock lets one create the schema), then their
        // schedulers declare the same jobs and triggers at once.
        var start = DateTimeOffset.UtcNow;

        var nodes = await Task.WhenAll(
            Task.Run(() => StartNodeAsync("a", job, start, database)),
            Task.Run(() => StartNodeAsync("b", job, start, database)));
        using var a = nodes[0];
        using var b = nodes[1];
        var bothUp = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(6));

        var fires = FireRecordingJob.FiresOf(job);
        ShouldRunEveryFireOnce(fires);
        fires.Count(f => f.ScheduledAt >= bothUp).ShouldBeGreaterThanOrEqualTo(5, "fires while both nodes were up");
        var schedulers = new[] { await SchedulerOf(a), await SchedulerOf(b) };
        foreach (var scheduler in schedulers)
        {
            scheduler.Status.ShouldBe(SchedulerStatus.Running);
            var metadata = await scheduler.GetMetadata();
            metadata.SchedulerName.ShouldBe(JobsModule.SchedulerName);
            metadata.JobStorePersistent.ShouldBeTrue();
            metadata.JobStoreClustered.ShouldBeTrue();
        }
        var checkins = await CheckinsAsync(database);
        checkins.Keys.ShouldBe(schedulers.Select(s => s.SchedulerInstanceId), ignoreOrder: true);
        checkins.Values.ShouldAllBe(c => c.Interval == TimeSpan.FromSeconds(1) && c.Last > DateTimeOffset.UtcNow.AddSeconds(-4),
            "both nodes checked in lately, at the configured interval");
    }

    [Fact]
    public async Task StoppingOneNode_LeavesTheOtherRunningEveryFire_AndTheStoredTriggersStand()
    {
        var job = NewJob();
        var database = await PostgresServer.Shared.CreateDatabaseAsync("cluster");
        using var a = await StartNodeAsync("a", job, DateTimeOffset.UtcNow, database);
        var refreshStart = (await RefreshTriggerAsync(a)).StartTimeUtc;
        using var b = await StartNodeAsync("b", job, DateTimeOffset.UtcNow, database);
        (await RefreshTriggerAsync(b)).StartTimeUtc.ShouldBe(refreshStart, "the second node kept the stored trigger instead of declaring its own");
        await Task.Delay(TimeSpan.FromSeconds(2));

        a.Dispose();
        var stoppedAt = DateTimeOffset.UtcNow;
        // A trigger node a had claimed for its next fire stays claimed after a clean stop, until node b takes a for
        // gone (check-in interval + threshold); then b makes up the fires it missed, late but each once.
        for (var i = 0; i < 200 && FireRecordingJob.FiresOf(job).Count(f => f.ScheduledAt > stoppedAt) < 3; i++) await Task.Delay(100);

        var fires = FireRecordingJob.FiresOf(job);
        ShouldRunEveryFireOnce(fires);
        fires.ShouldContain(f => f.Node == "a", "node a ran fires before it stopped");
        var afterStop = fires.Where(f => f.ScheduledAt > stoppedAt).ToList();
        afterStop.Count.ShouldBeGreaterThanOrEqualTo(3, "node b went on firing");
        afterStop.ShouldAllBe(f => f.Node == "b");
    }

    [Fact]
    public async Task ANodeThatDies_IsRecoveredByTheOther_WhichGoesOnFiring()
    {
        var job = NewJob();
        var database = await PostgresServer.Shared.CreateDatabaseAsync("cluster");
        using var relay = new TcpRelay(PostgresServer.Shared.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(database) { Port = relay.Port }.ConnectionString;
        // Node a starts first, so it holds the trigger. Its failing database calls once it is cut off are expected.
        using var a = await StartNodeAsync("a", job, DateTimeOffset.UtcNow, viaRelay, quiet: true);
        using var b = await StartNodeAsync("b", job, DateTimeOffset.UtcNow, database);
        var survivor = (await SchedulerOf(b)).SchedulerInstanceId;
        await Task.Delay(TimeSpan.FromSeconds(3));

        relay.Sever();
        var diedAt = DateTimeOffset.UtcNow;
        var recovered = false;
        IReadOnlyList<RecordedFire> fires;
        try
        {
            for (var i = 0; i < 300 && !recovered; i++)
            {
                await Task.Delay(100);
                // The survivor deletes the dead node's check-in row when it recovers the node's work.
                recovered = (await CheckinsAsync(database)).Keys.SequenceEqual([survivor]);
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            fires = FireRecordingJob.FiresOf(job);
        }
        finally
        {
            // Back on the network, so that it can shut down (cut off, it retries its database for ever).
            relay.Restore();
        }
        // The recovered node must not run anything twice after it is back either.
        await Task.Delay(TimeSpan.FromSeconds(2));

        recovered.ShouldBeTrue("node b noticed that node a stopped checking in, and recovered it");
        fires.ShouldContain(f => f.Node == "a" && f.ScheduledAt < diedAt, "node a ran fires before it died");
        fires.Count(f => f.Node == "b" && f.ScheduledAt > diedAt).ShouldBeGreaterThanOrEqualTo(3, "node b went on firing");
        ShouldRunNoFireTwice(FireRecordingJob.FiresOf(job));
    }

    [Fact]
    public async Task OnAnEmptyPostgresDatabase_TheMigrationsRunFirst_AndTheSchedulerStartsOnTheirTables()
    {
        using var node = await PortalHost.StartAsync(Db.PostgreSql);

        var hosted = node.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        hosted.IndexOf(typeof(DatabaseMigrator)).ShouldBe(0, "hosted services start in order; the migrator creates Quartz's tables");
        hosted.ShouldContain(typeof(BoundedSchedulerStop), "Quartz's hosted service, behind a stop bounded by the shutdown timeout");
        var scheduler = await SchedulerOf(node);
        // The hosted service starts the scheduler once the application has started, a moment after StartServer.
        for (var i = 0; i < 50 && scheduler.Status != SchedulerStatus.Running; i++) await Task.Delay(100);
        scheduler.Status.ShouldBe(SchedulerStatus.Running);
        (await scheduler.GetMetadata()).JobStorePersistent.ShouldBeTrue();
    }

    [Fact]
    public async Task OnSqlite_OneNodeKeepsItsScheduleInMemory_AndRunsItsJobs()
    {
        var job = NewJob();
        using var node = await PortalHost.StartAsync(Db.Sqlite, replaceServices: FireRecordingJob.On("single", job, DateTimeOffset.UtcNow));

        for (var i = 0; i < 100 && FireRecordingJob.FiresOf(job).Count < 3; i++) await Task.Delay(100);

        var metadata = await (await SchedulerOf(node)).GetMetadata();
        metadata.SchedulerName.ShouldBe(JobsModule.SchedulerName);
        metadata.JobStorePersistent.ShouldBeFalse();
        metadata.JobStoreClustered.ShouldBeFalse();
        var fires = FireRecordingJob.FiresOf(job);
        fires.Count.ShouldBeGreaterThanOrEqualTo(3);
        ShouldRunEveryFireOnce(fires);
    }

    private static JobKey NewJob() => new($"fires-{Guid.NewGuid():N}", "quartz-store-tests");

    private static Task<PortalHost> StartNodeAsync(string name, JobKey job, DateTimeOffset start, string connectionString, bool quiet = false)
    {
        var settings = new Dictionary<string, string?>(FastCheckins) { ["Database:ConnectionString"] = connectionString };
        if (quiet) settings["Logging:LogLevel:Default"] = "None";
        return PortalHost.StartAsync(Db.PostgreSql, settings, FireRecordingJob.On(name, job, start));
    }

    private static async Task MigrateAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseModule.Configure(options, new DatabaseOptions { Provider = DatabaseOptions.PostgreSql, ConnectionString = connectionString }, Path.GetTempPath());
        await using var db = new AppDbContext(options.Options, new CurrentWorkspace());
        await db.Database.MigrateAsync();
    }

    private static ValueTask<IScheduler> SchedulerOf(PortalHost host) =>
        host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    private static async Task<ITrigger> RefreshTriggerAsync(PortalHost host) =>
        (await (await SchedulerOf(host)).GetTriggersOfJob(ReferenceDataRefreshJob.Key)).ShouldHaveSingleItem();

    /// <summary>Every scheduled fire from the first to the last ran once: none twice, none skipped.</summary>
    private static void ShouldRunEveryFireOnce(IReadOnlyList<RecordedFire> fires)
    {
        ShouldRunNoFireTwice(fires);
        var times = fires.Select(f => f.ScheduledAt).Order().ToList();
        times.Zip(times.Skip(1), (earlier, later) => later - earlier).ShouldAllBe(gap => gap == FireRecordingJob.Interval, "no scheduled fire was skipped");
    }

    /// <summary>
    /// Without "none skipped": a node dying between committing a fire and hearing the commit never runs it, and
    /// nobody else may, since it may have run. Quartz gives at most once here, which is what this checks.
    /// </summary>
    private static void ShouldRunNoFireTwice(IReadOnlyList<RecordedFire> fires)
    {
        fires.ShouldNotBeEmpty();
        var twice = fires.GroupBy(f => f.ScheduledAt).Where(g => g.Count() > 1).Select(g => $"{g.Key:HH:mm:ss.fff} on {string.Join(", ", g.Select(f => f.Node))}").ToList();
        twice.ShouldBeEmpty("fires that ran more than once");
    }

    private static async Task<Dictionary<string, (DateTimeOffset Last, TimeSpan Interval)>> CheckinsAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state", db);
        await using var reader = await command.ExecuteReaderAsync();
        var checkins = new Dictionary<string, (DateTimeOffset, TimeSpan)>();
        while (await reader.ReadAsync())
            checkins[reader.GetString(0)] = (new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), TimeSpan.FromMilliseconds(reader.GetInt64(2)));
        return checkins;
    }
}
