using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;

namespace MlConnector.Web.Features.RampChart;

/// <summary>The last push as the integration page shows it.</summary>
public sealed record RampChartPushSummary(
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<ChartCounts> Counts, IReadOnlyList<RejectedChartItem> Rejected, string? Failure);

/// <summary>Stores each push's outcome and reads back the latest one of an integration.</summary>
public sealed class RampChartHistory(IDbContextFactory<AppDbContext> dbFactory)
{
    // Enum names, not numbers: the JSON stays readable for support and survives reordering the enums.
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public async Task SaveAsync(Guid integrationId, DateTimeOffset startedAt, DateTimeOffset finishedAt, RampChartPushResult result, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.RampChartPushes.Add(new RampChartPushRecord
        {
            IntegrationId = integrationId, StartedAt = startedAt, FinishedAt = finishedAt,
            CountsJson = JsonSerializer.Serialize(result.Counts, Json),
            RejectedJson = JsonSerializer.Serialize(result.Rejected, Json),
            Failure = result.Failure is { } failure ? $"{failure.Message} {failure.Hint}".Trim() : null,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<RampChartPushSummary?> LastAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var last = await db.RampChartPushes.AsNoTracking().Where(p => p.IntegrationId == integrationId)
            .OrderByDescending(p => p.StartedAt).ThenByDescending(p => p.Id).FirstOrDefaultAsync(ct);
        return last is null
            ? null
            : new(last.StartedAt, last.FinishedAt,
                JsonSerializer.Deserialize<List<ChartCounts>>(last.CountsJson, Json) ?? [],
                JsonSerializer.Deserialize<List<RejectedChartItem>>(last.RejectedJson, Json) ?? [], last.Failure);
    }
}
