using Microsoft.Extensions.Options;
using MlConnector.Web.Features.Sync;
using Quartz;

namespace MlConnector.Web.Features.Webhooks;

public static class WebhooksModule
{
    /// <summary>Signed deliveries from Ramp stored before they are answered, handed to the sync engine, backfilled; subscriptions from the portal.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhooksOptions>().BindConfiguration(WebhooksOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddScoped<RampWebhookReceiver>();
        builder.Services.AddSingleton<InboundEvents>();
        builder.Services.AddSingleton<InboundEventPump>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InboundEventPump>());
        builder.Services.AddScoped<RampWebhookSubscriptions>();

        builder.Services.AddQuartz(q =>
        {
            q.AddJob<WebhookBackfillJob>(job => job.WithIdentity(WebhookBackfillJob.Key).StoreDurably());
            q.AddTrigger((services, trigger) =>
            {
                // The engine's round cadence: a delivery the node lost is handed over within a round or two.
                var every = services.GetRequiredService<IOptions<SyncOptions>>().Value.ScheduleEvery;
                trigger.ForJob(WebhookBackfillJob.Key).WithIdentity("webhook-backfill-interval", "webhooks")
                    .StartAt(services.GetRequiredService<TimeProvider>().GetUtcNow() + every)
                    .WithSimpleSchedule(schedule => schedule.WithInterval(every).RepeatForever());
            });
        });
        return builder;
    }

    /// <summary><c>POST /webhooks/ramp/{integrationId}</c>: anonymous (the signature is the credential), no antiforgery, always a small JSON answer.</summary>
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/ramp/{integrationId:guid}", async (Guid integrationId, HttpRequest request, RampWebhookReceiver receiver, CancellationToken ct) =>
            {
                var answer = await receiver.ReceiveAsync(integrationId, request, ct);
                // A body keeps the status-code pages (the HTML "not found" page) out of a machine's answer.
                return Results.Json(new { status = answer.Message }, statusCode: answer.Status);
            })
            .AllowAnonymous()
            .DisableAntiforgery();
        return app;
    }
}
