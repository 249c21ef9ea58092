using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Notifications;

/// <summary>What the notification tests share: quiet hosts (tests drive the sweep), pauses and failures made the engine's way.</summary>
public static class NotificationKit
{
    /// <summary>Background work out of the way: no workers, and the schedule and sweep far apart.</summary>
    public static Dictionary<string, string?> Quiet(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sync:RunWorkers"] = "false",
            ["Sync:ScheduleEvery"] = "01:00:00",
            ["Notifications:SweepEvery"] = "01:00:00",
        };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }

    public static Dictionary<string, string?> Smtp(SmtpSink sink) => new()
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:From"] = "alerts@ml-connector.test",
    };

    public static async Task<MlConnector.Web.Features.Integrations.Integration> IntegrationAsync(TestIntegration owner)
    {
        await using var db = owner.Get<IDbContextFactory<AppDbContext>>().CreateDbContext();
        return await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == owner.Id);
    }

    /// <summary>The scheduled poll's work: with credentials Ramp refuses, the engine pauses the integration itself.</summary>
    public static async Task PollAsync(TestIntegration owner) => await owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(owner), default);

    /// <summary>Takes in <paramref name="count"/> documents and fails them through the ledger, as the engine does with a refused post.</summary>
    public static async Task FailRecordsAsync(TestIntegration owner, int count, string prefix = "bad")
    {
        var ids = Enumerable.Range(1, count).Select(i => $"{prefix}-{i}").ToList();
        await owner.Get<SyncIntake>().AcceptAsync(owner.Id, ids.Select(id => new IntakeItem("test.probe", id)).ToList(), IntakeVia.Webhook, "test");
        await using var db = owner.Get<IDbContextFactory<AppDbContext>>().CreateDbContext();
        var ledger = new SyncLedger(db, DateTimeOffset.UtcNow);
        foreach (var record in await db.SyncRecords.Where(r => r.IntegrationId == owner.Id && ids.Contains(r.SourceId)).ToListAsync())
            ledger.Move(record, SyncState.Failed, AuditAction.Failed, "system", "D365 refused the invoice: the period is closed.");
        await ledger.SaveAsync(owner.Get<SyncEvents>(), default);
    }
}
