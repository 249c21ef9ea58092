using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampChart;

/// <summary>What an upload achieved: how many items landed, which Ramp refused and why, and what stopped it.</summary>
public sealed record UploadOutcome(int Created, IReadOnlyList<(ChartEntry Entry, string Reason)> Rejected, ConnectorFailure? Failure);

/// <summary>
/// Uploads in batches of at most 500. Ramp takes or refuses a batch whole and does not say which item it refused,
/// so a refused batch is halved until each bad item stands alone: every good item lands, and each bad one is
/// reported with Ramp's reason, for about 2·log₂(500) ≈ 18 extra calls per bad item. Only 400 and 422 mean "this
/// content was refused"; anything else (auth, 429 after the resilience handler's retries, 5xx) stops the upload,
/// since a smaller batch would fail the same way.
/// </summary>
public static class ChartBatches
{
    public const int MaxBatch = 500;

    public static bool IsRejection(ConnectorFailure failure) => failure.StatusCode is 400 or 422;

    public static async Task<UploadOutcome> UploadAsync(IReadOnlyList<ChartEntry> entries,
        Func<IReadOnlyList<ChartEntry>, Task<ConnectorResult<IReadOnlyList<RampChartItem>>>> upload)
    {
        var created = 0;
        var rejected = new List<(ChartEntry, string)>();
        var pending = new Stack<IReadOnlyList<ChartEntry>>(entries.Chunk(MaxBatch).Reverse());
        while (pending.TryPop(out var batch))
        {
            var result = await upload(batch);
            if (result.IsOk) created += batch.Count;
            else if (!IsRejection(result.Failure!)) return new(created, rejected, result.Failure);
            else if (batch.Count == 1) rejected.Add((batch[0], result.Failure!.Message));
            else
            {
                // Second half pushed first so the first half is tried first: items land in ERP order.
                var half = batch.Count / 2;
                pending.Push(batch.Skip(half).ToList());
                pending.Push(batch.Take(half).ToList());
            }
        }
        return new(created, rejected, null);
    }
}
