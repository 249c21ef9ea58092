using System.Globalization;
using Microsoft.AspNetCore.Components;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Dashboard;

/// <summary>One integration at a glance, kept current by the engine's live events (no reload).</summary>
public sealed partial class DashboardPage
{
    /// <summary>Live events come in bursts (a batch of records moves at once): one refresh per this gap at most.</summary>
    public static readonly TimeSpan RefreshGap = TimeSpan.FromMilliseconds(500);

    private static readonly SyncState[] Shown =
        [SyncState.Pending, SyncState.InFlight, SyncState.RetryScheduled, SyncState.Blocked, SyncState.Failed, SyncState.Posted, SyncState.Confirmed, SyncState.Skipped];

    [Parameter] public Guid IntegrationId { get; set; }

    [Inject] public required DashboardQueries Queries { get; init; }
    [Inject] public required ThroughputQuery Throughput { get; init; }
    [Inject] public required SyncNow SyncNowService { get; init; }
    [Inject] public required SyncEvents Events { get; init; }
    [Inject] public required CurrentWorkspace Current { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private DashboardFigures? figures;
    private IReadOnlyList<ChartPoint> chart = [];
    private IReadOnlyList<ThroughputBucket>? hours;
    private ChartRange range = ChartRange.Day;
    private bool allowed;
    private bool polling;
    private string? syncMessage;
    private int syncTotal;
    private IDisposable? subscription;
    private LiveRefresh? live;

    private sealed record ChartPoint(string Label, int Synced, int Failed);

    private int Attention => figures is null ? 0 : figures.Count(SyncState.Failed) + figures.Count(SyncState.Blocked);

    protected override async Task OnWorkspaceEnteredAsync()
    {
        allowed = Current.Can(Permission.View);
        if (!allowed) return;
        await LoadAsync();
        if (figures is null)
        {
            Navigation.NotFound();
            return;
        }
        if (subscription is null)
        {
            live = new LiveRefresh(RefreshGap, () => InvokeAsync(async () =>
            {
                await LoadAsync(refresh: true);
                StateHasChanged();
            }), Clock);
            subscription = Events.Subscribe(changes =>
            {
                if (changes.Any(c => c.IntegrationId == IntegrationId)) live.Request();
            });
        }
    }

    /// <summary>A <paramref name="refresh"/> (live events) reads again only what can have changed since the last read.</summary>
    private async Task LoadAsync(bool refresh = false)
    {
        figures = await Queries.ReadAsync(IntegrationId, refresh ? figures : null);
        // Not this workspace's integration: the page answers 404, with nothing read.
        if (figures is null) return;
        var buckets = range == ChartRange.Fortnight ? figures.Days : hours = await Throughput.ReadAsync(IntegrationId, range, refresh ? hours : null);
        chart = buckets.Select(b => new ChartPoint(b.Label(range), b.Synced, b.Failed)).ToList();
    }

    private async Task RangeChangedAsync(ChartRange value)
    {
        range = value;
        await LoadAsync();
    }

    private async Task SyncNowAsync()
    {
        polling = true;
        try
        {
            var report = await SyncNowService.RunAsync(IntegrationId);
            await LoadAsync();
            syncTotal = figures!.InQueue;
            syncMessage = report.Failures.Count > 0
                ? $"Could not read {report.Failures[0].Flow}: {report.Failures[0].Failure.Message}"
                : $"Read the source's ready queues: {report.Intake.Created:N0} new, {report.Intake.Requeued:N0} queued again, {report.Intake.Unchanged:N0} already known.";
        }
        catch (InvalidOperationException refused)
        {
            syncMessage = refused.Message;
            syncTotal = 0;
        }
        finally
        {
            polling = false;
        }
    }

    private static string Trend(StateFigure state) => state.Change switch
    {
        0 => "no change",
        > 0 => $"▲ {state.Change.ToString("N0", CultureInfo.InvariantCulture)}",
        _ => $"▼ {(-state.Change).ToString("N0", CultureInfo.InvariantCulture)}",
    };

    // More failures or blocks is bad news, more posted or confirmed good news; the queue's states are neither.
    private static string TrendClass(StateFigure state) => (state.State, state.Change) switch
    {
        (_, 0) or (SyncState.Pending or SyncState.InFlight or SyncState.Skipped, _) => "trend",
        (SyncState.Failed or SyncState.Blocked or SyncState.RetryScheduled, > 0) or (SyncState.Posted or SyncState.Confirmed, < 0) => "trend trend-bad",
        _ => "trend trend-good",
    };

    private static string HealthClass(ConnectionHealth c) => c.LastPingOk switch { true => "health ok", false => "health failed", _ => "health unknown" };

    private string HealthText(ConnectionHealth c) => c switch
    {
        { LastPingOk: true, LastPingAt: { } at } => $"Ping OK {Ago.Since(at, figures!.At)}",
        { LastPingOk: false, LastPingAt: { } at } => $"Last ping failed {Ago.Since(at, figures!.At)}",
        _ => "Not pinged yet",
    };

    private static string Cadence(int minutes) => minutes switch
    {
        < 60 => $"{minutes} minutes",
        60 => "hour",
        1440 => "day",
        _ => $"{minutes / 60} hours",
    };

    public void Dispose()
    {
        subscription?.Dispose();
        live?.Dispose();
    }
}
