using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampChart;

/// <summary>
/// Pushes the ERP's chart (GL accounts, vendors, dimension values as custom-field options) from the last reference
/// data pull into Ramp, writing only the difference from what Ramp holds now: a second run without ERP changes
/// makes no write calls. Each push's outcome is stored for the integration page.
/// </summary>
public sealed class RampChartPush(IDbContextFactory<AppDbContext> dbFactory, RampSessions sessions, RampClient ramp, RampChartHistory history,
    CurrentWorkspace current, TimeProvider clock)
{
    /// <param name="dimensions">The dimensions to push as custom fields; null means every dimension the ERP has values for.</param>
    public async Task<RampChartPushResult> PushAsync(Guid integrationId, IReadOnlyList<string>? dimensions = null, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageIntegration, "push the chart to Ramp");
        var startedAt = clock.GetUtcNow();
        var result = await RunAsync(integrationId, dimensions, ct);
        await history.SaveAsync(integrationId, startedAt, clock.GetUtcNow(), result, ct);
        return result;
    }

    private async Task<RampChartPushResult> RunAsync(Guid integrationId, IReadOnlyList<string>? dimensions, CancellationToken ct)
    {
        var opened = await sessions.OpenAsync(integrationId, ct);
        if (!opened.IsOk) return RampChartPushResult.Failed(opened.Failure!);
        var session = opened.Value!;
        var chart = await ErpChartAsync(integrationId, session.Erp, ct);
        if (chart.IsEmpty)
        {
            return RampChartPushResult.Failed(new(FailureKind.Configuration, $"No reference data from {ConnectionCard.SystemName(session.Erp)} yet: pull reference data first.",
                "Use \"Pull reference data\" on this page, then push again."));
        }
        var connection = await AccountingConnectionSetup.EnsureAsync(ramp, session, ct);
        if (!connection.IsOk) return RampChartPushResult.Failed(connection.Failure!);

        var counts = new List<ChartCounts>();
        var rejected = new List<RejectedChartItem>();
        RampChartPushResult Result(ConnectorFailure? failure) => new(connection.Value, counts, rejected, failure);
        var writer = new ChartWriter(ramp, session);
        foreach (var (kind, list, entries) in new[] { (ChartKind.GlAccount, RampChartList.GlAccounts, chart.Accounts), (ChartKind.AccountingVendor, RampChartList.AccountingVendors, chart.Vendors) })
        {
            var outcome = await writer.SyncAsync(kind, "", list, entries, held: null, ct);
            counts.Add(outcome.Counts);
            rejected.AddRange(outcome.Rejected);
            if (outcome.Failure is not null) return Result(outcome.Failure);
        }
        var fields = new DimensionFields(ramp, session, writer);
        var failure = await fields.SyncAsync(dimensions ?? [.. chart.Dimensions.Keys.Order(StringComparer.Ordinal)], chart.Dimensions, counts, rejected, ct);
        return Result(failure);
    }

    private async Task<ErpChart> ErpChartAsync(Guid integrationId, ExternalSystem erp, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await db.ReferenceItems.AsNoTracking()
            .Where(i => i.IntegrationId == integrationId && i.System == erp &&
                (i.Kind == ReferenceKind.GlAccount || i.Kind == ReferenceKind.Vendor || i.Kind == ReferenceKind.DimensionValue))
            .ToListAsync(ct);
        return ErpChart.From(items);
    }
}
