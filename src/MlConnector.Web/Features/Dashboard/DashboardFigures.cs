using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Dashboard;

/// <summary>How many records are in a state now, and how many were 24 hours ago (rebuilt from the trail).</summary>
public sealed record StateFigure(SyncState State, int Now, int DayAgo)
{
    public int Change => Now - DayAgo;
}

/// <summary>Documents that reached the target (posted, or linked to one already there) in a period, and in the period before.</summary>
public sealed record SyncedFigure(int Count, int PreviousCount);

/// <summary>A connection's last ping and, where the system has one we keep, when the stored token runs out.</summary>
public sealed record ConnectionHealth(ExternalSystem System, DateTimeOffset? LastPingAt, bool? LastPingOk, string? Problem, DateTimeOffset? TokenExpiresAt);

/// <summary>When the source was last read and when the schedule reads it next (null while the integration is not on).</summary>
public sealed record PollSchedule(DateTimeOffset? LastPolledAt, DateTimeOffset? NextPollAt, int PollEveryMinutes);

/// <summary>Everything on the dashboard read at <see cref="At"/>; <see cref="Days"/> is the 14-day chart too.</summary>
public sealed record DashboardFigures(
    Integration Integration, DateTimeOffset At, IReadOnlyList<StateFigure> States, SyncedFigure Today, SyncedFigure ThisWeek,
    IReadOnlyList<ConnectionHealth> Connections, PollSchedule Schedule, IReadOnlyList<ThroughputBucket> Days)
{
    public int Count(SyncState state) => States.FirstOrDefault(s => s.State == state)?.Now ?? 0;

    /// <summary>Records still on their way: queued, being worked, or waiting for a retry.</summary>
    public int InQueue => Count(SyncState.Pending) + Count(SyncState.InFlight) + Count(SyncState.RetryScheduled);
}

public enum ChartRange { Day, Fortnight }

/// <summary>One bar of the chart: documents synced and records failed in the hour or day starting at <see cref="Start"/> (UTC).</summary>
public sealed record ThroughputBucket(DateTimeOffset Start, int Synced, int Failed)
{
    public string Label(ChartRange range) => range == ChartRange.Day ? Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)
        : Start.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture);
}
