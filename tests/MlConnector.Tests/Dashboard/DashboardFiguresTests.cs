using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Dashboard;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Notifications;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using Quartz;

namespace MlConnector.Tests.Dashboard;

/// <summary>A clock stopped at one instant, so "today", "this week" and the chart's buckets are known.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>The dashboard's figures against records and trails seeded at known times, on both databases.</summary>
public sealed class DashboardFiguresTests
{
    // A Wednesday afternoon: the week began on Monday 30 November, yesterday was 1 December.
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 14, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task Figures_CountStatesTrendsSyncedDocumentsAndChartBuckets(Db database)
    {
        using var host = await PortalHost.StartAsync(database, new Dictionary<string, string?> { ["Sync:RunWorkers"] = "false" });
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        await SeedAsync(host, owner);
        var clock = new FixedClock(Now);
        var throughput = new ThroughputQuery(owner.Get<IDbContextFactory<AppDbContext>>(), clock);
        var queries = new DashboardQueries(owner.Get<IDbContextFactory<AppDbContext>>(), throughput, clock, owner.Get<ISchedulerFactory>(), owner.Get<IOptions<SyncOptions>>());

        var figures = (await queries.ReadAsync(owner.Id)).ShouldNotBeNull();

        figures.States.Where(s => s.Now != 0 || s.DayAgo != 0).Select(s => (s.State, s.Now, s.DayAgo)).ShouldBe([
            (SyncState.Pending, 1, 1), (SyncState.Posted, 3, 3), (SyncState.Confirmed, 1, 0), (SyncState.Failed, 2, 1), (SyncState.Skipped, 2, 0),
        ], ignoreOrder: true);
        (figures.Today, figures.ThisWeek).ShouldBe((new SyncedFigure(2, 1), new SyncedFigure(4, 1)));
        figures.InQueue.ShouldBe(1);
        figures.Schedule.NextPollAt.ShouldBeNull(); // a draft integration is not polled
        figures.Connections.Select(c => (c.System, c.LastPingOk, c.Problem, c.TokenExpiresAt)).ShouldBe([
            (ExternalSystem.Ramp, true, null, Now.AddDays(9)),
            (ExternalSystem.Dynamics365, false, "Get a token from Microsoft Entra ID: The client secret is wrong.", null),
        ]);

        var day = await throughput.ReadAsync(owner.Id, ChartRange.Day);
        day.Count.ShouldBe(24);
        (day[0].Start, day[^1].Start).ShouldBe((new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero)));
        day.Where(b => b.Synced + b.Failed > 0).Select(b => (b.Start.Hour, b.Synced, b.Failed)).ShouldBe([(12, 1, 0), (14, 1, 1)]);
        var fortnight = await throughput.ReadAsync(owner.Id, ChartRange.Fortnight);
        fortnight.Count.ShouldBe(14);
        fortnight.Where(b => b.Synced + b.Failed > 0).Select(b => (b.Start.Day, b.Synced, b.Failed))
            .ShouldBe([(25, 0, 1), (26, 1, 0), (30, 1, 0), (1, 1, 0), (2, 2, 1)]);

        (await new WorkspaceAlerts(owner.Get<IDbContextFactory<AppDbContext>>(), clock).ReadAsync()).Integrations.Single().FailedLastHour.ShouldBe(1);

        // A live refresh keeps the closed buckets it was given (marked here with 100 extra) and reads the current one again
        // (zeroed here); the synced figures come from the same buckets.
        static IReadOnlyList<ThroughputBucket> Marked(IReadOnlyList<ThroughputBucket> buckets) =>
            [.. buckets.SkipLast(1).Select(b => b with { Synced = b.Synced + 100 }), buckets[^1] with { Synced = 0, Failed = 0 }];
        var refreshedDay = await throughput.ReadAsync(owner.Id, ChartRange.Day, Marked(day));
        refreshedDay.Select(b => (b.Start, b.Synced, b.Failed)).ShouldBe(day.Select((b, i) => (b.Start, i < 23 ? b.Synced + 100 : b.Synced, b.Failed)));
        var refreshed = (await queries.ReadAsync(owner.Id, figures with { Days = Marked(figures.Days) })).ShouldNotBeNull();
        refreshed.Days[^1].ShouldBe(fortnight[^1]);
        (refreshed.Today, refreshed.ThisWeek).ShouldBe((new SyncedFigure(2, 101), new SyncedFigure(4 + 200, 1 + 700)));
        // Buckets of another window (an hour or a day later) are read afresh.
        var later = await new ThroughputQuery(owner.Get<IDbContextFactory<AppDbContext>>(), new FixedClock(Now.AddHours(1))).ReadAsync(owner.Id, ChartRange.Day, Marked(day));
        later.Sum(b => b.Synced).ShouldBe(day.Skip(1).Sum(b => b.Synced));
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task NextPoll_IsTheFirstScheduleRoundOnceTheCadenceIsDue(Db database)
    {
        using var host = await PortalHost.StartAsync(database, new Dictionary<string, string?> { ["Sync:RunWorkers"] = "false" });
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        await owner.Get<SyncControl>().ActivateAsync(owner.Id);
        var polled = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var db = host.OpenDb(owner.WorkspaceId))
            await db.Integrations.Where(i => i.Id == owner.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.LastPolledAt, polled));

        var schedule = (await owner.Get<DashboardQueries>().ReadAsync(owner.Id))!.Schedule;

        schedule.LastPolledAt.ShouldNotBeNull().ShouldBe(polled, TimeSpan.FromMilliseconds(1));
        // Due 15 minutes after the last poll; the round fires every Sync:ScheduleEvery (15 s), so at most that later.
        schedule.NextPollAt.ShouldNotBeNull().ShouldBeInRange(polled.AddMinutes(15), polled.AddMinutes(15).AddSeconds(15));
    }

    /// <summary>Nine records whose trails cover today, yesterday, this week and last week (see the comments for each).</summary>
    private static async Task SeedAsync(PortalHost host, TestIntegration owner)
    {
        await using var db = host.OpenDb(owner.WorkspaceId);
        // Days from the 20th on are November's, the rest December's.
        var d = (int day, int hour, int minute) => new DateTimeOffset(2026, day >= 20 ? 11 : 12, day, hour, minute, 0, TimeSpan.Zero);
        void Record(string id, SyncState state, string? target, params (DateTimeOffset At, AuditAction Action, SyncState? From, SyncState To)[] trail)
        {
            var record = new SyncRecord
            {
                Id = Guid.NewGuid(), IntegrationId = owner.Id, Flow = "test.flow", SourceId = id, State = state, TargetDocumentId = target,
                CreatedAt = trail[0].At, UpdatedAt = trail[^1].At, NextAttemptAt = trail[^1].At,
            };
            db.SyncRecords.Add(record);
            foreach (var (at, action, from, to) in trail)
                db.AuditEvents.Add(new AuditEvent { IntegrationId = owner.Id, RecordId = record.Id, At = at, Action = action, FromState = from, ToState = to, Actor = "test" });
        }
        // Posted today at 12:30, after waiting since Sunday.
        Record("a", SyncState.Posted, "VINV-A", (d(29, 9, 0), AuditAction.Received, null, SyncState.Pending),
            (Now.AddHours(-2), AuditAction.Fetched, SyncState.Pending, SyncState.InFlight), (Now.AddHours(-2), AuditAction.Posted, SyncState.InFlight, SyncState.Posted));
        // Posted yesterday morning, confirmed an hour ago.
        Record("b", SyncState.Confirmed, "VINV-B", (d(1, 9, 0), AuditAction.Received, null, SyncState.Pending),
            (d(1, 10, 0), AuditAction.Posted, SyncState.Pending, SyncState.Posted), (Now.AddHours(-1), AuditAction.Confirmed, SyncState.Posted, SyncState.Confirmed));
        // A duplicate linked to the document already in D365, today: synced.
        Record("c", SyncState.Skipped, "VINV-C", (Now.AddMinutes(-30), AuditAction.Received, null, SyncState.Pending),
            (Now.AddMinutes(-30), AuditAction.Skipped, SyncState.Pending, SyncState.Skipped));
        // Out of scope, today: not synced.
        Record("d", SyncState.Skipped, null, (Now.AddMinutes(-20), AuditAction.Received, null, SyncState.Pending),
            (Now.AddMinutes(-20), AuditAction.Skipped, SyncState.Pending, SyncState.Skipped));
        // Failed ten minutes ago.
        Record("e", SyncState.Failed, null, (Now.AddHours(-3), AuditAction.Received, null, SyncState.Pending),
            (Now.AddMinutes(-10), AuditAction.Failed, SyncState.Pending, SyncState.Failed));
        // Failed last week.
        Record("f", SyncState.Failed, null, (d(24, 8, 0), AuditAction.Received, null, SyncState.Pending), (d(25, 8, 0), AuditAction.Failed, SyncState.Pending, SyncState.Failed));
        // Just arrived.
        Record("g", SyncState.Pending, null, (Now.AddMinutes(-5), AuditAction.Received, null, SyncState.Pending));
        // Linked on Monday (an earlier attempt had landed): synced this week.
        Record("h", SyncState.Posted, "VINV-H", (d(30, 7, 0), AuditAction.Received, null, SyncState.Pending), (d(30, 8, 0), AuditAction.Linked, SyncState.Pending, SyncState.Posted));
        // Posted last Thursday.
        Record("i", SyncState.Posted, "VINV-I", (d(26, 7, 0), AuditAction.Received, null, SyncState.Pending), (d(26, 8, 0), AuditAction.Posted, SyncState.Pending, SyncState.Posted));

        foreach (var connection in await db.Connections.Where(c => c.IntegrationId == owner.Id).ToListAsync())
        {
            var ok = connection.System == ExternalSystem.Ramp;
            var report = ok
                ? new PingReport([new PingStep("Get a token", true, TimeSpan.FromMilliseconds(80), "Token granted.")])
                : new PingReport([new PingStep("Get a token from Microsoft Entra ID", false, TimeSpan.FromMilliseconds(90), "AADSTS7000215",
                    new ConnectorFailure(FailureKind.Auth, "The client secret is wrong.", "Copy the secret's value, not its id."))]);
            (connection.LastPingAt, connection.LastPingOk, connection.LastPingJson) = (Now.AddHours(-4), ok, JsonSerializer.Serialize(report));
            if (ok) connection.TokenExpiresAt = Now.AddDays(9);
        }
        await db.SaveChangesAsync();
    }
}
