using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampChart;

/// <summary>What syncing one list did, the items Ramp refused, and the failure that stopped it, if any.</summary>
public sealed record SectionOutcome(ChartCounts Counts, IReadOnlyList<RejectedChartItem> Rejected, ConnectorFailure? Failure);

/// <summary>Brings one Ramp list (accounts, vendors, or one field's options) in line with the ERP, per <see cref="ChartPlan"/>.</summary>
internal sealed class ChartWriter(RampClient ramp, RampSession session)
{
    /// <param name="held">What Ramp holds, when already known (a field created just now has no options): saves the read.</param>
    public async Task<SectionOutcome> SyncAsync(ChartKind kind, string group, RampChartList list, IReadOnlyList<ChartEntry> erp,
        IReadOnlyList<RampChartItem>? held, CancellationToken ct)
    {
        if (held is null)
        {
            var listed = await ramp.ChartItemsAsync(session.Credentials, session.Token, list, ct);
            if (!listed.IsOk) return new(new(kind, group, 0, 0, 0, 0), [], listed.Failure);
            held = listed.Value!;
        }
        var options = kind == ChartKind.DimensionOption;
        var plan = ChartPlan.For(erp, held, hide: options, compareCodes: kind != ChartKind.AccountingVendor);
        var rejected = new List<RejectedChartItem>();

        var uploaded = await ChartBatches.UploadAsync(plan.Creates, batch => ramp.UploadAsync(session.Credentials, session.Token, list,
            batch.Select(e => new RampChartUpload(e.RemoteId, e.Name, e.Code, e.Classification)).ToList(), ct));
        rejected.AddRange(uploaded.Rejected.Select(r => new RejectedChartItem(kind, group, r.Entry.RemoteId, r.Entry.Name, r.Reason)));
        var counts = new ChartCounts(kind, group, uploaded.Created, 0, 0, plan.Unchanged);
        if (uploaded.Failure is not null) return new(counts, rejected, uploaded.Failure);

        foreach (var update in plan.Updates)
        {
            var patched = await ramp.PatchAsync(session.Credentials, session.Token, list, update.Item.RampId, update.Patch, ct);
            if (Refused(patched.Failure, kind, group, update, rejected) is { } stop) return new(counts, rejected, stop);
            if (patched.IsOk) counts = counts with { Updated = counts.Updated + 1 };
        }
        foreach (var retire in plan.Retires)
        {
            // Options may already be coded on spend: hidden, they stay valid for history but leave the pick list.
            var done = options
                ? (await ramp.PatchAsync(session.Credentials, session.Token, list, retire.Item.RampId, retire.Patch, ct)).Failure
                : (await ramp.DeactivateAsync(session.Credentials, session.Token, list, retire.Item.RampId, ct)).Failure;
            if (Refused(done, kind, group, retire, rejected) is { } stop) return new(counts, rejected, stop);
            if (done is null) counts = counts with { Retired = counts.Retired + 1 };
        }
        return new(counts, rejected, null);
    }

    /// <summary>A refusal of this one item is recorded and the sync goes on; any other failure is returned to stop it.</summary>
    private static ConnectorFailure? Refused(ConnectorFailure? failure, ChartKind kind, string group, ChartUpdate change, List<RejectedChartItem> rejected)
    {
        if (failure is null) return null;
        if (failure.StatusCode is not (400 or 404 or 422)) return failure;
        rejected.Add(new(kind, group, change.Item.RemoteId, change.Name, failure.Message));
        return null;
    }
}
