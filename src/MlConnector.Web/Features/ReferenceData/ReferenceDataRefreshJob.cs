using Quartz;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>Every <see cref="ReferenceDataOptions.RefreshEvery"/>: read every integration's master data again.</summary>
[DisallowConcurrentExecution]
public sealed class ReferenceDataRefreshJob(ReferenceDataRefresh refresh) : IJob
{
    public static readonly JobKey Key = new("reference-data-refresh", "reference-data");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await refresh.RefreshAllAsync(cancellationToken);
}
