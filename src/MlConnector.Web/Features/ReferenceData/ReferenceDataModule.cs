using Microsoft.Extensions.Options;
using Quartz;

namespace MlConnector.Web.Features.ReferenceData;

public static class ReferenceDataModule
{
    /// <summary>Master data read from the connected systems (what mappings choose from), refreshed on a schedule.</summary>
    public static IHostApplicationBuilder AddReferenceData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReferenceDataOptions>().BindConfiguration(ReferenceDataOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddTransient<D365ReferenceReader>();
        builder.Services.AddTransient<RampReferenceReader>();
        builder.Services.AddTransient<VismaReferenceReader>();
        builder.Services.AddScoped<ReferenceSources>();
        builder.Services.AddScoped<ReferenceDataService>();
        builder.Services.AddSingleton<ReferenceDataRefresh>();
        builder.Services.AddQuartz(q =>
        {
            q.AddJob<ReferenceDataRefreshJob>(job => job.WithIdentity(ReferenceDataRefreshJob.Key).StoreDurably());
            // The interval is configuration, read from the validated options once the container exists. The first run
            // is one interval after start, so a restart does not read every system of every workspace at once.
            q.AddTrigger((services, trigger) =>
            {
                var every = services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value.RefreshEvery;
                trigger.ForJob(ReferenceDataRefreshJob.Key).WithIdentity("reference-data-refresh-interval", "reference-data")
                    .StartAt(services.GetRequiredService<TimeProvider>().GetUtcNow() + every)
                    .WithSimpleSchedule(schedule => schedule.WithInterval(every).RepeatForever());
            });
        });
        return builder;
    }
}
