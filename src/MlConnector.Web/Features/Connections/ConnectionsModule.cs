using Quartz;

namespace MlConnector.Web.Features.Connections;

public static class ConnectionsModule
{
    /// <summary>Integrations, their connections and encrypted credentials.</summary>
    public static IHostApplicationBuilder AddConnections(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConnectionSecrets>();
        builder.Services.AddScoped<ConnectionStore>();
        builder.Services.AddScoped<ConnectionPinger>();
        builder.Services.AddSingleton<RampTokens>();
        builder.Services.AddQuartz(q =>
        {
            q.AddJob<RampTokenRefreshJob>(job => job.WithIdentity(RampTokenRefreshJob.Key).StoreDurably());
            // 03:15 UTC daily, away from the top of the hour when every scheduler in the world wakes up.
            q.AddTrigger(trigger => trigger.ForJob(RampTokenRefreshJob.Key).WithIdentity("ramp-token-refresh-daily", "connections")
                .WithCronSchedule("0 15 3 * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)));
        });
        return builder;
    }
}
