using Quartz;

namespace MlConnector.Web.Features.Jobs;

/// <summary>
/// Quartz's hosted service, with a stop that gives up when the host's shutdown timeout (HostOptions.ShutdownTimeout)
/// runs out. With its database gone, Quartz's scheduler thread retries the lost connection until the job store is
/// shut down, and Quartz shuts the store down only after that thread has ended: its stop would never return, and
/// neither would the node's. Abandoning it is safe: whatever the node had claimed is recovered by the cluster.
/// </summary>
public sealed class BoundedSchedulerStop(QuartzHostedService quartz, ILogger<BoundedSchedulerStop> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => quartz.StartingAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => quartz.StartAsync(cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken) => quartz.StartedAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => quartz.StoppingAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await quartz.StopAsync(cancellationToken).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.LogWarning("The job scheduler did not stop within the shutdown timeout (is its database reachable?); the node stops without it.");
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => quartz.StoppedAsync(cancellationToken);

    /// <summary>Puts this in the place of the hosted service that AddQuartzHostedService registered, keeping its order.</summary>
    public static void Replace(IServiceCollection services)
    {
        var index = services.ToList().FindIndex(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(QuartzHostedService));
        if (index < 0) throw new InvalidOperationException("AddQuartzHostedService registered its hosted service in a way this does not know.");
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<QuartzHostedService>(sp));
        services[index] = ServiceDescriptor.Singleton<IHostedService, BoundedSchedulerStop>();
    }
}
