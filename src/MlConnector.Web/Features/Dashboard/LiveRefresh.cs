namespace MlConnector.Web.Features.Dashboard;

/// <summary>
/// Coalesces bursts of live events into at most one refresh per <paramref name="gap"/>: the first event schedules a
/// refresh, later ones before it runs ride along, and a refresh never starts less than the gap after the last one.
/// </summary>
public sealed class LiveRefresh(TimeSpan gap, Func<Task> refresh, TimeProvider clock) : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private int scheduled;
    private DateTimeOffset last = DateTimeOffset.MinValue;

    public void Request()
    {
        if (stop.IsCancellationRequested || Interlocked.Exchange(ref scheduled, 1) == 1) return;
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            var wait = last + gap - clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, stop.Token);
            // Reset before refreshing: an event that arrives while we read must lead to one more refresh.
            Interlocked.Exchange(ref scheduled, 0);
            last = clock.GetUtcNow();
            await refresh();
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The page went away between the event and the refresh.
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
