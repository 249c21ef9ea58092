using Microsoft.Extensions.Options;
using MlConnector.Web.Integrations.Common;
using Quartz;

namespace MlConnector.Web.Features.Notifications;

public static class NotificationsModule
{
    /// <summary>The owner's alert banner, per-workspace notification settings, and the sweep that emails or posts one message per episode.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<WorkspaceAlerts>();
        builder.Services.AddScoped<NotificationSettingsService>();
        builder.Services.AddScoped<NotificationSender>();
        builder.Services.AddScoped<NotificationHistory>();
        builder.Services.AddSingleton<EmailNotifier>();
        builder.Services.AddSingleton<WebhookNotifier>();
        builder.Services.AddSingleton<NotificationSweep>();
        // The customer's URL: any public host (no allow-list), every connection through the guard, no redirects.
        builder.Services.AddHttpClient(WebhookNotifier.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(services => services.GetRequiredService<OutboundGuard>().CreateHandler());

        builder.Services.AddQuartz(q =>
        {
            q.AddJob<NotificationSweepJob>(job => job.WithIdentity(NotificationSweepJob.Key).StoreDurably());
            q.AddTrigger((services, trigger) =>
            {
                var every = services.GetRequiredService<IOptions<NotificationOptions>>().Value.SweepEvery;
                trigger.ForJob(NotificationSweepJob.Key).WithIdentity("notification-sweep-interval", "notifications")
                    .StartAt(services.GetRequiredService<TimeProvider>().GetUtcNow() + every)
                    .WithSimpleSchedule(schedule => schedule.WithInterval(every).RepeatForever());
            });
        });
        return builder;
    }
}
