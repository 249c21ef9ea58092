using System.Collections.Concurrent;

namespace MlConnector.Sandbox.Shared;

/// <summary>One request a simulator received, as sent (headers and body included), and its answer's status.</summary>
public sealed record RecordedRequest(
    long Sequence, DateTimeOffset At, string Method, string Path, string Query,
    IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>What a simulator received, newest last, so tests can assert what the connectors sent.</summary>
public sealed class TrafficLog
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private long sequence;

    internal long NextSequence() => Interlocked.Increment(ref sequence);

    internal void Add(RecordedRequest request)
    {
        requests.Enqueue(request);
        while (requests.Count > Capacity && requests.TryDequeue(out _))
        {
        }
    }

    /// <summary>Requests after <paramref name="afterSequence"/>, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Since(long afterSequence = 0) =>
        requests.Where(r => r.Sequence > afterSequence).OrderBy(r => r.Sequence).ToList();

    public long LastSequence => Interlocked.Read(ref sequence);

    public void Clear() => requests.Clear();
}
