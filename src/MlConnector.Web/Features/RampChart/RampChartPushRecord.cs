using MlConnector.Web.Data;

namespace MlConnector.Web.Features.RampChart;

/// <summary>
/// The outcome of one push of the ERP's chart to Ramp, kept so the integration page shows the last one after a
/// reload. Counts and refused items are JSON: their shape follows the chart (one row per dimension), not the schema.
/// </summary>
public sealed class RampChartPushRecord : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }

    /// <summary><see cref="ChartCounts"/> per part of the chart.</summary>
    public required string CountsJson { get; set; }

    /// <summary><see cref="RejectedChartItem"/>s: what Ramp refused, with its reason.</summary>
    public required string RejectedJson { get; set; }

    /// <summary>What stopped the push (message and hint), null when it ran to the end.</summary>
    public string? Failure { get; set; }
}
