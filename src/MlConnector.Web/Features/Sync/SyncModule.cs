using Microsoft.Extensions.Options;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync.Ramp;
using Quartz;

namespace MlConnector.Web.Features.Sync;

public static class SyncModule
{
    /// <summary>The record ledger and its engine: intake, leased workers, retries, replay, reporting back, live events, retention.</summary>
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache(); // what a node remembers between batches (a Ramp business's entities)
        builder.Services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SyncFlows>();
        builder.Services.AddSingleton<SyncEvents>();
        builder.Services.AddSingleton<SyncSignal>();
        builder.Services.AddScoped<SyncIntake>();
        builder.Services.AddSingleton<SyncClaims>();
        builder.Services.AddSingleton<SyncFailures>();
        builder.Services.AddScoped<SyncProcessor>();
        builder.Services.AddSingleton<SyncEngine>();
        builder.Services.AddHostedService<SyncWorker>();
        builder.Services.AddScoped<SyncControl>();
        builder.Services.AddScoped<SyncReplay>();
        builder.Services.AddScoped<SyncReleases>();
        builder.Services.AddScoped<IMappingReleaseListener>(services => services.GetRequiredService<SyncReleases>());
        builder.Services.AddScoped<SyncPolls>();
        builder.Services.AddSingleton<SyncSchedule>();
        builder.Services.AddSingleton<SyncRetention>();

        // Ramp as a source: bills and card transactions, and the report back.
        builder.Services.AddTransient<RampBillSource>();
        builder.Services.AddTransient<RampTransactionSource>();
        builder.Services.AddScoped<RampSyncReporter>();

        builder.Services.AddQuartz(q =>
        {
            q.AddJob<SyncScheduleJob>(job => job.WithIdentity(SyncScheduleJob.Key).StoreDurably());
            q.AddTrigger((services, trigger) =>
            {
                var every = services.GetRequiredService<IOptions<SyncOptions>>().Value.ScheduleEvery;
                trigger.ForJob(SyncScheduleJob.Key).WithIdentity(SyncScheduleJob.Trigger)
                    .StartAt(services.GetRequiredService<TimeProvider>().GetUtcNow() + every)
                    .WithSimpleSchedule(schedule => schedule.WithInterval(every).RepeatForever());
            });
            q.AddJob<SyncRetentionJob>(job => job.WithIdentity(SyncRetentionJob.Key).StoreDurably());
            q.AddTrigger((services, trigger) => trigger.ForJob(SyncRetentionJob.Key).WithIdentity("sync-retention-daily", "sync")
                .StartAt(services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(1))
                .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromDays(1)).RepeatForever()));
        });
        return builder;
    }
}
