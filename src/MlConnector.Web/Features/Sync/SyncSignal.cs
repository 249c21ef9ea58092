using System.Threading.Channels;

namespace MlConnector.Web.Features.Sync;

/// <summary>Wakes this node's idle workers when work arrives (intake, release, replay) instead of waiting for their next look.</summary>
public sealed class SyncSignal
{
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Poke() => wake.Writer.TryWrite(true);

    /// <summary>Returns when poked or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            await wake.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }
}
