using Quartz;

namespace MlConnector.Web.Features.Connections;

/// <summary>Daily: replace every Ramp token long before its ten days run out.</summary>
[DisallowConcurrentExecution]
public sealed class RampTokenRefreshJob(RampTokens tokens) : IJob
{
    public static readonly JobKey Key = new("ramp-token-refresh", "connections");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await tokens.RefreshAllAsync(cancellationToken);
}
