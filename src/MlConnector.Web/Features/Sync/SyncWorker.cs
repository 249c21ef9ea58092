using Microsoft.Extensions.Options;

namespace MlConnector.Web.Features.Sync;

/// <summary>
/// The node's worker loops: each claims a few due records, works them, and goes again; when nothing is due it waits for
/// a poke (new intake, a release, a replay) or <see cref="SyncOptions.IdleCheckEvery"/>. Off when <c>Sync:RunWorkers</c> is false.
/// </summary>
public sealed partial class SyncWorker(SyncEngine engine, SyncSignal signal, IOptions<SyncOptions> options, ILogger<SyncWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return settings.RunWorkers
            ? Task.WhenAll(Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(() => LoopAsync(settings, stoppingToken), stoppingToken)))
            : Task.CompletedTask;
    }

    private async Task LoopAsync(SyncOptions settings, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await engine.RunOnceAsync(settings.ClaimBatch, stopping) == 0) await signal.WaitAsync(settings.IdleCheckEvery, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The database was unreachable or a claim failed: nothing is lost (leases expire), try again shortly.
                LogRoundFailed(error);
                await Task.Delay(settings.IdleCheckEvery, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A sync worker round failed; retrying")]
    private partial void LogRoundFailed(Exception error);
}
