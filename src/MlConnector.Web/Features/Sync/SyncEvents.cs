namespace MlConnector.Web.Features.Sync;

/// <summary>One state change of one record, as the UI and other nodes see it. Small and serialisable (a NOTIFY payload).</summary>
public sealed record SyncStateChanged(Guid WorkspaceId, Guid IntegrationId, Guid RecordId, string Flow, SyncState? From, SyncState To, DateTimeOffset At);

/// <summary>
/// In-process publication of record state changes. Subscribers (Blazor components) get every change of this node;
/// a relay (PostgreSQL LISTEN/NOTIFY) can republish other nodes' changes through <see cref="PublishLocal"/> and forward
/// this node's through <see cref="Published"/>, so subscribers never know where a change happened.
/// </summary>
public sealed partial class SyncEvents(ILogger<SyncEvents> log)
{
    private readonly Lock gate = new();
    private ImmutableSubscribers subscribers = new([]);

    /// <summary>Raised for changes made on this node (a cross-node relay forwards these).</summary>
    public event Action<IReadOnlyList<SyncStateChanged>>? Published;

    /// <summary>Publishes changes made here: to local subscribers and to <see cref="Published"/>.</summary>
    public void Publish(IReadOnlyList<SyncStateChanged> changes)
    {
        if (changes.Count == 0) return;
        PublishLocal(changes);
        Published?.Invoke(changes);
    }

    /// <summary>Delivers changes to this node's subscribers only (what a relay calls for other nodes' changes).</summary>
    public void PublishLocal(IReadOnlyList<SyncStateChanged> changes)
    {
        foreach (var subscriber in subscribers.Items)
        {
            try
            {
                subscriber(changes);
            }
            catch (Exception error)
            {
                // A broken subscriber (a closed circuit) must not stop the engine or the other subscribers.
                LogSubscriberFailed(error);
            }
        }
    }

    /// <summary>Calls <paramref name="onChanges"/> for every batch of changes until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action<IReadOnlyList<SyncStateChanged>> onChanges)
    {
        lock (gate) subscribers = new([.. subscribers.Items, onChanges]);
        return new Subscription(() =>
        {
            lock (gate) subscribers = new(subscribers.Items.Where(s => s != onChanges).ToArray());
        });
    }

    private sealed record ImmutableSubscribers(Action<IReadOnlyList<SyncStateChanged>>[] Items);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sync event subscriber failed")]
    private partial void LogSubscriberFailed(Exception error);
}
