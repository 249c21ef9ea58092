namespace MlConnector.Web.Features.Notifications;

/// <summary>One notification as both channels send it. <see cref="Type"/>: integration.paused, integration.failures or test.</summary>
public sealed record Notice(
    string Id, string Type, Guid WorkspaceId, string WorkspaceName, Guid? IntegrationId, string? IntegrationName, string Subject, string Text,
    DateTimeOffset At, Uri? Link = null, int? FailedLastHour = null, int? Threshold = null);

/// <summary>A send's outcome: delivered, or why not (shown on the settings page and kept on the episode).</summary>
public sealed record SendResult(bool Ok, string? Error = null)
{
    public static readonly SendResult Delivered = new(true);

    public static SendResult Failed(string error) => new(false, Sync.SyncLedger.Clip(error, 500));
}
