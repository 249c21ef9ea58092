using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Webhooks;
using MlConnector.Web.Features.Workspaces;
using Quartz;

namespace MlConnector.Web.Features.Notifications;

/// <summary>
/// Every <see cref="NotificationOptions.SweepEvery"/>, for each workspace with a channel: opens an episode when an
/// integration paused itself or its failures in the last hour crossed the threshold, closes it when that is over, and
/// sends one notification per episode (retrying a failed send on the next sweeps, up to the limit). Episodes are rows,
/// so a restart or another node never sends the same one twice.
/// </summary>
public sealed partial class NotificationSweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<NotificationOptions> options,
    IOptions<WebhooksOptions> webhooks, ILogger<NotificationSweep> log)
{
    /// <summary>Sweeps every workspace with a channel; returns how many notifications went out.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        List<Guid> workspaces;
        await using (var system = scopes.CreateAsyncScope())
        {
            // A system job works across tenants: it lists ids past the filter, then acts inside each workspace.
            workspaces = await system.ServiceProvider.GetRequiredService<AppDbContext>().NotificationSettings.IgnoreQueryFilters()
                .Where(s => s.Channel != NotificationChannel.None).Select(s => s.WorkspaceId).ToListAsync(ct);
        }
        var sent = 0;
        foreach (var workspaceId in workspaces)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
            try
            {
                sent += await SweepAsync(scope.ServiceProvider, ct);
            }
            catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One workspace's surprise must not cost the others their notifications.
                LogSweepFailed(error, workspaceId);
            }
        }
        return sent;
    }

    private async Task<int> SweepAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var settings = await db.NotificationSettings.AsNoTracking().SingleAsync(ct);
        var reading = await services.GetRequiredService<WorkspaceAlerts>().ReadAsync(ct);
        var open = await db.NotificationEpisodes.Where(e => e.EndedAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var signals in reading.Integrations)
        {
            Track(db, open, signals.IntegrationId, EpisodeKind.Paused, now, signals.SelfPaused, signals.SelfPausedReason);
            var failures = open.Any(e => e.IntegrationId == signals.IntegrationId && e.Kind == EpisodeKind.Failures)
                // Over only once the hour is down to half the threshold: a rate hovering at the line is one episode, not many.
                ? signals.FailedLastHour > reading.FailureThreshold / 2
                : signals.FailedLastHour > reading.FailureThreshold;
            Track(db, open, signals.IntegrationId, EpisodeKind.Failures, now, failures,
                $"{signals.FailedLastHour} records failed in the last hour (the workspace's threshold is {reading.FailureThreshold}).");
        }
        await db.SaveChangesAsync(ct);

        var sender = services.GetRequiredService<NotificationSender>();
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(ct);
        var sent = 0;
        foreach (var episode in open.Where(e => e.EndedAt is null && e.SentAt is null && e.Attempts < options.Value.MaxSendAttempts))
        {
            var integration = reading.Integrations.Single(i => i.IntegrationId == episode.IntegrationId);
            var result = await sender.SendAsync(settings, NoticeOf(episode, workspace, integration, reading.FailureThreshold), ct);
            episode.Attempts++;
            if (result.Ok)
            {
                (episode.SentAt, episode.SentVia, episode.LastError) = (clock.GetUtcNow(), settings.Channel, null);
                sent++;
            }
            else
            {
                episode.LastError = result.Error;
                LogSendFailed(episode.Id, workspace.Id, settings.Channel, result.Error);
            }
            // Saved one by one: a crash after a send must not send it again.
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }

    /// <summary>Opens an episode when its condition starts holding, closes the open one when it stops.</summary>
    private static void Track(AppDbContext db, List<NotificationEpisode> open, Guid integrationId, EpisodeKind kind, DateTimeOffset now, bool holds, string? summary)
    {
        var episode = open.FirstOrDefault(e => e.IntegrationId == integrationId && e.Kind == kind);
        if (holds && episode is null)
        {
            episode = new NotificationEpisode { IntegrationId = integrationId, Kind = kind, StartedAt = now, Summary = Sync.SyncLedger.Clip(summary ?? "", 1000)! };
            db.NotificationEpisodes.Add(episode);
            open.Add(episode);
        }
        else if (!holds && episode is not null)
        {
            episode.EndedAt = now;
        }
    }

    private Notice NoticeOf(NotificationEpisode episode, Workspace workspace, IntegrationSignals integration, int threshold)
    {
        var link = webhooks.Value.PublicBaseUrl is { Length: > 0 } baseUrl && Uri.TryCreate(baseUrl, UriKind.Absolute, out var root)
            ? new Uri(root, $"w/{workspace.Id}/integrations/{integration.IntegrationId}/dashboard") : null;
        return episode.Kind == EpisodeKind.Paused
            ? new Notice($"episode-{episode.Id}", "integration.paused", workspace.Id, workspace.Name, integration.IntegrationId, integration.Name,
                $"[ml-connector] {integration.Name} paused itself",
                $"{integration.Name} paused itself and moves nothing until it is fixed and resumed. Reason: {episode.Summary}", episode.StartedAt, link)
            : new Notice($"episode-{episode.Id}", "integration.failures", workspace.Id, workspace.Name, integration.IntegrationId, integration.Name,
                $"[ml-connector] {integration.Name}: failures over the threshold",
                $"{integration.Name}: {episode.Summary} Failed records need a person: open the dashboard to see them.", episode.StartedAt, link,
                integration.FailedLastHour, threshold);
    }


    [LoggerMessage(Level = LogLevel.Error, Message = "Notification sweep of workspace {WorkspaceId} failed")]
    private partial void LogSweepFailed(Exception error, Guid workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification of episode {EpisodeId} (workspace {WorkspaceId}) by {Channel} not delivered: {Reason}")]
    private partial void LogSendFailed(long episodeId, Guid workspaceId, NotificationChannel channel, string? reason);
}

/// <summary>Runs <see cref="NotificationSweep"/>; never twice at once.</summary>
[DisallowConcurrentExecution]
public sealed class NotificationSweepJob(NotificationSweep sweep) : IJob
{
    public static readonly JobKey Key = new("notification-sweep", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweep.RunAsync(cancellationToken);
}
