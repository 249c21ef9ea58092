using System.Threading.Channels;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>
/// Hands deliveries to the sync engine right after they are answered, off the request path. In memory only: what a
/// stopping node still held (or a full queue dropped) is stored unhandled, and the backfill job takes it.
/// </summary>
public sealed partial class InboundEventPump(InboundEvents events, ILogger<InboundEventPump> log) : BackgroundService
{
    private readonly Channel<(Guid Workspace, long Id)> queue =
        Channel.CreateBounded<(Guid, long)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Enqueue(Guid workspaceId, long eventId) => queue.Writer.TryWrite((workspaceId, eventId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (workspace, id) in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await events.ProcessAsync(workspace, id, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(error, id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing webhook delivery {EventRowId} over failed; the backfill job tries again")]
    private partial void LogFailed(Exception error, long eventRowId);
}
