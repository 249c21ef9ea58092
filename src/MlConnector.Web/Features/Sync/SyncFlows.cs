using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Sync;

/// <summary>The flows registered in the container, looked up by integration kind, name or webhook event.</summary>
public sealed class SyncFlows(IEnumerable<ISyncFlow> flows)
{
    private readonly IReadOnlyList<ISyncFlow> all = flows.ToList();

    public IReadOnlyList<ISyncFlow> For(IntegrationKind kind) => all.Where(f => f.Kind == kind).ToList();

    public ISyncFlow? Named(string name) => all.FirstOrDefault(f => f.Name == name);

    /// <summary>The flows of <paramref name="kind"/> that a webhook of <paramref name="eventType"/> concerns.</summary>
    public IReadOnlyList<ISyncFlow> ForEvent(IntegrationKind kind, string eventType) =>
        all.Where(f => f.Kind == kind && f.Source.Handles(eventType)).ToList();

    public IReadOnlyList<string> Names => all.Select(f => f.Name).ToList();
}
