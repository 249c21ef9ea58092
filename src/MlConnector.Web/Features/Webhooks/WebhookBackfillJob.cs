using Quartz;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>Every <c>Sync:ScheduleEvery</c>: hands over accepted deliveries that were stored but never handled.</summary>
[DisallowConcurrentExecution]
public sealed class WebhookBackfillJob(InboundEvents events) : IJob
{
    public static readonly JobKey Key = new("webhook-backfill", "webhooks");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await events.ProcessPendingAsync(cancellationToken);
}
