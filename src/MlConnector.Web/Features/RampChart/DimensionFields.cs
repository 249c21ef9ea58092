using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampChart;

/// <summary>
/// One SINGLE_CHOICE custom field per ERP dimension (remote id and name = the dimension's name), and its values as
/// the field's options. A field is created (or reactivated, by posting its id again) only when the dimension has
/// active values; a field that exists keeps being synced, so values that disappear get hidden.
/// </summary>
internal sealed class DimensionFields(RampClient ramp, RampSession session, ChartWriter writer)
{
    /// <summary>Adds a custom-field row and one row per dimension to <paramref name="counts"/>; returns the failure that stopped it.</summary>
    public async Task<ConnectorFailure?> SyncAsync(IReadOnlyList<string> dimensions, IReadOnlyDictionary<string, IReadOnlyList<ChartEntry>> values,
        List<ChartCounts> counts, List<RejectedChartItem> rejected, CancellationToken ct)
    {
        if (dimensions.Count == 0) return null;
        var listed = await ramp.CustomFieldsAsync(session.Credentials, session.Token, ct);
        if (!listed.IsOk) return listed.Failure;
        var fieldCounts = new ChartCounts(ChartKind.CustomField, "", 0, 0, 0, 0);
        var optionCounts = new List<ChartCounts>();
        try
        {
            foreach (var dimension in dimensions)
            {
                var entries = values.GetValueOrDefault(dimension) ?? [];
                var field = listed.Value!.FirstOrDefault(f => f.RemoteId == dimension);
                IReadOnlyList<RampChartItem>? held = null;
                if (field is not { IsActive: true } && entries.Any(e => e.Active))
                {
                    var created = await ramp.CreateCustomFieldAsync(session.Credentials, session.Token, dimension, dimension, ct);
                    if (created.Failure is { } failure && !ChartBatches.IsRejection(failure)) return failure;
                    if (created.Failure is { } refused)
                    {
                        rejected.Add(new(ChartKind.CustomField, "", dimension, dimension, refused.Message));
                        continue;
                    }
                    fieldCounts = field is null ? fieldCounts with { Created = fieldCounts.Created + 1 } : fieldCounts with { Updated = fieldCounts.Updated + 1 };
                    // A new field has no options yet; a reactivated one has its old ones, which must be read.
                    if (field is null) held = [];
                    field = created.Value!;
                }
                else if (field is not null) fieldCounts = fieldCounts with { Unchanged = fieldCounts.Unchanged + 1 };

                if (field is not { IsActive: true })
                {
                    optionCounts.Add(new(ChartKind.DimensionOption, dimension, 0, 0, 0, entries.Count));
                    continue;
                }
                var outcome = await writer.SyncAsync(ChartKind.DimensionOption, dimension, RampChartList.OptionsOf(field.RampId), entries, held, ct);
                optionCounts.Add(outcome.Counts);
                rejected.AddRange(outcome.Rejected);
                if (outcome.Failure is not null) return outcome.Failure;
            }
            return null;
        }
        finally
        {
            counts.Add(fieldCounts);
            counts.AddRange(optionCounts);
        }
    }
}
