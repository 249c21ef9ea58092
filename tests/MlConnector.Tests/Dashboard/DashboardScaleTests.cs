using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Dashboard;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;
using Quartz;
using Xunit.Abstractions;

namespace MlConnector.Tests.Dashboard;

/// <summary>
/// The dashboard over 100,000 records and their trails (about 270,000 events over 14 days): the figures must still be
/// right, each checked against a replay of the seeded timelines. How long each read took is printed, never asserted.
/// </summary>
public sealed class DashboardScaleTests(ITestOutputHelper output)
{
    private const int Records = 100_000;
    private const int Fortnight = 14 * 24 * 3600;
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 14, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task Figures_At100000Records_MatchTheSeededTimelines(Db database)
    {
        using var host = await PortalHost.StartAsync(database, new Dictionary<string, string?> { ["Sync:RunWorkers"] = "false" });
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        var seeding = Stopwatch.StartNew();
        await using (var db = host.OpenDb(owner.WorkspaceId))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            foreach (var sql in database == Db.Sqlite ? SqliteSeed(owner) : PostgresSeed(owner)) await db.Database.ExecuteSqlRawAsync(sql);
        }
        output.WriteLine($"{database}: seeded {Records:N0} records in {seeding.Elapsed.TotalSeconds:F1} s");

        var clock = new FixedClock(Now);
        var factory = owner.Get<IDbContextFactory<AppDbContext>>();
        var throughput = new ThroughputQuery(factory, clock);
        var queries = new DashboardQueries(factory, throughput, clock, owner.Get<ISchedulerFactory>(), owner.Get<IOptions<SyncOptions>>());
        await queries.ReadAsync(owner.Id); // warm: the first query of a context type builds EF's model and plans
        var timer = Stopwatch.StartNew();
        var figures = (await queries.ReadAsync(owner.Id))!;
        var figuresTook = timer.Elapsed;
        timer.Restart();
        var day = await throughput.ReadAsync(owner.Id, ChartRange.Day);
        var dayTook = timer.Elapsed;
        timer.Restart();
        var fortnight = await throughput.ReadAsync(owner.Id, ChartRange.Fortnight);
        var fortnightTook = timer.Elapsed;
        timer.Restart();
        var refreshed = (await queries.ReadAsync(owner.Id, figures))!;
        var refreshTook = timer.Elapsed;
        output.WriteLine($"{database}: figures {figuresTook.TotalMilliseconds:F0} ms, 24-hour chart {dayTook.TotalMilliseconds:F0} ms, 14-day chart {fortnightTook.TotalMilliseconds:F0} ms, " +
            $"live refresh of the figures {refreshTook.TotalMilliseconds:F0} ms");
        refreshed.Days.ShouldBe(fortnight);
        (refreshed.Today, refreshed.ThisWeek).ShouldBe((figures.Today, figures.ThisWeek));

        if (Environment.GetEnvironmentVariable("MLC_EXPLAIN") == "1") await ExplainAsync(host, owner, database);
        var expected = Replay();
        figures.States.Select(s => (s.State, s.Now, s.DayAgo)).ShouldBe(Enum.GetValues<SyncState>()
            .Select(s => (s, expected.Now.GetValueOrDefault(s), expected.DayAgo.GetValueOrDefault(s))), ignoreOrder: true);
        (figures.Today.Count, figures.Today.PreviousCount, figures.ThisWeek.Count, figures.ThisWeek.PreviousCount)
            .ShouldBe((expected.Posted(Today, Now), expected.Posted(Today.AddDays(-1), Today), expected.Posted(Monday, Now), expected.Posted(Monday.AddDays(-7), Monday)));
        day.Sum(b => b.Synced).ShouldBe(expected.Posted(Now.AddHours(-23).AddMinutes(-30), Now));
        fortnight.Sum(b => b.Synced).ShouldBe(expected.Posted(Today.AddDays(-13), Now));
        fortnight.Sum(b => b.Failed).ShouldBe(expected.Failed(Today.AddDays(-13), Now));
    }

    private async Task ExplainAsync(PortalHost host, TestIntegration owner, Db database)
    {
        await using var db = host.OpenDb(owner.WorkspaceId);
        var sqlite = database == Db.Sqlite;
        var id = sqlite ? $"'{owner.Id.ToString().ToUpperInvariant()}'" : $"'{owner.Id}'::uuid";
        var since = sqlite ? "'2026-12-01 14:30:00.0000000+00:00'" : "TIMESTAMPTZ '2026-12-01 14:30:00+00'";
        var first = sqlite ? "'2026-11-19 00:00:00.0000000+00:00'" : "TIMESTAMPTZ '2026-11-19 00:00:00+00'";
        var bucket = sqlite ? "substr(a.\"At\", 1, 10)" : "to_char(date_trunc('day', a.\"At\" AT TIME ZONE 'UTC'), 'YYYY-MM-DD')";
        var queries = new[]
        {
            ("states", $"SELECT \"State\", COUNT(*) FROM \"SyncRecords\" WHERE \"IntegrationId\" = {id} GROUP BY \"State\""),
            ("moves", $"SELECT \"FromState\", \"ToState\", COUNT(*) FROM \"AuditEvents\" WHERE \"IntegrationId\" = {id} AND \"At\" >= {since} AND (\"FromState\" IS NULL OR \"FromState\" <> \"ToState\") GROUP BY \"FromState\", \"ToState\""),
            ("chart", $"SELECT {bucket}, SUM(CASE WHEN a.\"Action\" IN ('Posted', 'Linked') THEN 1 WHEN a.\"Action\" = 'Skipped' AND EXISTS (SELECT 1 FROM \"SyncRecords\" AS r WHERE r.\"Id\" = a.\"RecordId\" AND r.\"TargetDocumentId\" IS NOT NULL) THEN 1 ELSE 0 END), SUM(CASE WHEN a.\"Action\" = 'Failed' THEN 1 ELSE 0 END) FROM \"AuditEvents\" AS a WHERE a.\"IntegrationId\" = {id} AND a.\"At\" >= {first} AND a.{OutcomeIndex.Filter} GROUP BY {bucket}"),
        };
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        foreach (var (name, sql) in queries)
        {
            await using var run = conn.CreateCommand();
            run.CommandText = sql;
            var timer = Stopwatch.StartNew();
            await using (var rows = await run.ExecuteReaderAsync()) while (await rows.ReadAsync()) { }
            output.WriteLine($"--- {name}: {timer.ElapsedMilliseconds} ms");
            run.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ANALYZE ") + sql;
            await using var reader = await run.ExecuteReaderAsync();
            while (await reader.ReadAsync()) output.WriteLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
        }
    }

    private static readonly DateTimeOffset Today = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    // Record i's last move is s(i) seconds before now (spread over the fortnight); it arrived a minute before that,
    // and confirmed records were confirmed 30 seconds after posting. By i % 10: 0 failed, 1 blocked, 2 still pending, 3-5 posted, 6-9 confirmed.
    private static int Seconds(long i) => (int)(60 + i * 7919 % (Fortnight - 120));

    private static string StateOf(long i) => (i % 10) switch { 0 => "Failed", 1 => "Blocked", 2 => "Pending", 3 or 4 or 5 => "Posted", _ => "Confirmed" };

    private sealed record Timelines(Dictionary<SyncState, int> Now, Dictionary<SyncState, int> DayAgo, List<DateTimeOffset> PostedAt, List<DateTimeOffset> FailedAt)
    {
        public int Posted(DateTimeOffset from, DateTimeOffset to) => PostedAt.Count(t => t >= from && t < to);

        public int Failed(DateTimeOffset from, DateTimeOffset to) => FailedAt.Count(t => t >= from && t < to);
    }

    private static Timelines Replay()
    {
        var (now, dayAgo, posted, failed) = (new Dictionary<SyncState, int>(), new Dictionary<SyncState, int>(), new List<DateTimeOffset>(), new List<DateTimeOffset>());
        var then = Now.AddDays(-1);
        for (long i = 1; i <= Records; i++)
        {
            var last = Now.AddSeconds(-Seconds(i));
            var moves = new List<(DateTimeOffset At, SyncState To)> { (last.AddSeconds(-60), SyncState.Pending) };
            var final = Enum.Parse<SyncState>(StateOf(i));
            if (final == SyncState.Confirmed) moves.AddRange([(last, SyncState.Posted), (last.AddSeconds(30), SyncState.Confirmed)]);
            else if (final != SyncState.Pending) moves.Add((last, final));
            if (final is SyncState.Posted or SyncState.Confirmed) posted.Add(last);
            if (final == SyncState.Failed) failed.Add(last);
            now[moves[^1].To] = now.GetValueOrDefault(moves[^1].To) + 1;
            // The trail's window takes in moves at or after 24 hours ago, so the state then is the last move before it.
            if (moves.LastOrDefault(m => m.At < then) is { At: var at } past && at != default) dayAgo[past.To] = dayAgo.GetValueOrDefault(past.To) + 1;
        }
        return new Timelines(now, dayAgo, posted, failed);
    }

    private const string Events = "INSERT INTO \"AuditEvents\" (\"WorkspaceId\", \"IntegrationId\", \"RecordId\", \"At\", \"Action\", \"FromState\", \"ToState\", \"Actor\")";

    // The same SQL on both databases: every record's arrival, and the move to its state (Posted for confirmed ones).
    private const string ReceivedEvents = Events + """
         SELECT "WorkspaceId", "IntegrationId", "Id", "CreatedAt", 'Received', NULL, 'Pending', 'webhook' FROM "SyncRecords" WHERE "Flow" = 'bench'
        """;

    private const string LastMoveEvents = Events + """
         SELECT "WorkspaceId", "IntegrationId", "Id", "UpdatedAt", CASE "State" WHEN 'Confirmed' THEN 'Posted' ELSE "State" END, 'Pending',
            CASE "State" WHEN 'Confirmed' THEN 'Posted' ELSE "State" END, 'system' FROM "SyncRecords" WHERE "Flow" = 'bench' AND "State" <> 'Pending'
        """;

    private static string[] SqliteSeed(TestIntegration owner)
    {
        var (ws, integration) = (owner.WorkspaceId.ToString().ToUpperInvariant(), owner.Id.ToString().ToUpperInvariant());
        var numbers = $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Records})";
        string At(string plus) => $"strftime('%Y-%m-%d %H:%M:%S', '2026-12-02 14:30:00', '-' || (60 + i * 7919 % {Fortnight - 120} {plus}) || ' seconds') || '.0000000+00:00'";
        var id = "printf('%08X-0000-4000-8000-000000000000', i)";
        var state = "CASE i % 10 WHEN 0 THEN 'Failed' WHEN 1 THEN 'Blocked' WHEN 2 THEN 'Pending' WHEN 3 THEN 'Posted' WHEN 4 THEN 'Posted' WHEN 5 THEN 'Posted' ELSE 'Confirmed' END";
        return
        [
            $"""
            {numbers}
            INSERT INTO "SyncRecords" ("Id", "WorkspaceId", "IntegrationId", "Flow", "SourceId", "State", "Attempts", "NextAttemptAt", "VerifyBeforePost", "ReportPending", "CreatedAt", "UpdatedAt")
            SELECT {id}, '{ws}', '{integration}', 'bench', 'doc-' || i, {state}, 0, {At("")}, 0, 0, {At("+ 60")}, {At("")} FROM n
            """,
            ReceivedEvents,
            LastMoveEvents,
            $"""
            {Events} SELECT "WorkspaceId", "IntegrationId", "Id", strftime('%Y-%m-%d %H:%M:%S', substr("UpdatedAt", 1, 19), '+30 seconds') || '.0000000+00:00', 'Confirmed', 'Posted', 'Confirmed', 'system'
                FROM "SyncRecords" WHERE "Flow" = 'bench' AND "State" = 'Confirmed'
            """,
        ];
    }

    private static string[] PostgresSeed(TestIntegration owner)
    {
        var at = $"TIMESTAMPTZ '2026-12-02 14:30:00+00' - make_interval(secs => 60 + i * 7919 % {Fortnight - 120})";
        var state = "CASE i % 10 WHEN 0 THEN 'Failed' WHEN 1 THEN 'Blocked' WHEN 2 THEN 'Pending' WHEN 3 THEN 'Posted' WHEN 4 THEN 'Posted' WHEN 5 THEN 'Posted' ELSE 'Confirmed' END";
        return
        [
            $"""
            INSERT INTO "SyncRecords" ("Id", "WorkspaceId", "IntegrationId", "Flow", "SourceId", "State", "Attempts", "NextAttemptAt", "VerifyBeforePost", "ReportPending", "CreatedAt", "UpdatedAt")
            SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, '{owner.WorkspaceId}', '{owner.Id}', 'bench', 'doc-' || i, {state}, 0, {at}, false, false,
                   {at} - INTERVAL '60 seconds', {at}
            FROM generate_series(1, {Records}) AS i
            """,
            ReceivedEvents,
            LastMoveEvents,
            $"""
            {Events} SELECT "WorkspaceId", "IntegrationId", "Id", "UpdatedAt" + INTERVAL '30 seconds', 'Confirmed', 'Posted', 'Confirmed', 'system'
                FROM "SyncRecords" WHERE "Flow" = 'bench' AND "State" = 'Confirmed'
            """,
            "ANALYZE \"SyncRecords\"; ANALYZE \"AuditEvents\"",
        ];
    }
}
