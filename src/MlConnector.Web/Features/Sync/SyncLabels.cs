using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Sync;

/// <summary>A person's words for a record's state and an integration's status, the same on every page.</summary>
public static class SyncLabels
{
    public static string State(SyncState state) => state switch
    {
        SyncState.InFlight => "In flight",
        SyncState.RetryScheduled => "Retrying",
        _ => state.ToString(),
    };

    public static string Status(IntegrationStatus status) => status switch
    {
        IntegrationStatus.Active => "On",
        IntegrationStatus.Paused => "Paused",
        _ => "Off (draft)",
    };
}
