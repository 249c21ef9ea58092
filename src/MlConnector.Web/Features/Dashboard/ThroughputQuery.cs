using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Dashboard;

/// <summary>
/// The chart's bars: outcome events per hour (last 24 hours) or per day (last 14 days): documents synced (posted, linked,
/// or skipped as a duplicate linked to the target's document) and records failed. Grouped in the database over the
/// trail's outcome index (<see cref="OutcomeIndex"/>), read alone. Raw SQL because the bucket is the time truncated,
/// which EF cannot express over SQLite's text instants; both dialects produce the same bucket text.
/// </summary>
public sealed class ThroughputQuery(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// The range's buckets. Given the <paramref name="earlier"/> answer for the same window (a live refresh within the
    /// hour or day), only the current bucket is read again: closed buckets do not change, and reading 14 of them at
    /// 100,000 records is what made each refresh cost up to 1.8 s.
    /// </summary>
    public async Task<IReadOnlyList<ThroughputBucket>> ReadAsync(Guid integrationId, ChartRange range, IReadOnlyList<ThroughputBucket>? earlier = null,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var (step, count) = range == ChartRange.Day ? (TimeSpan.FromHours(1), 24) : (TimeSpan.FromDays(1), 14);
        var last = range == ChartRange.Day
            ? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var first = last - step * (count - 1);
        var closed = earlier?.Count == count && earlier[0].Start == first ? earlier.Take(count - 1).ToList() : null;
        var (from, reread) = closed is null ? (first, count) : (last, 1);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Raw SQL passes the tenancy filter by, so the integration is looked up through it first: its trail is its workspace's.
        if (!await db.Integrations.AnyAsync(i => i.Id == integrationId, ct))
            throw new KeyNotFoundException($"Integration {integrationId} is not in this workspace.");
        var postgres = db.Database.IsNpgsql();
        // PostgreSQL groups by the truncated instant and formats each group once; SQLite holds instants as UTC text
        // "yyyy-MM-dd HH:mm:ss…" (UtcInstantAsText), so there the bucket is a prefix of the text.
        var (group, bucket) = (postgres, range) switch
        {
            (true, ChartRange.Day) => ("date_trunc('hour', a.\"At\" AT TIME ZONE 'UTC')", "to_char(date_trunc('hour', a.\"At\" AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24')"),
            (true, _) => ("date_trunc('day', a.\"At\" AT TIME ZONE 'UTC')", "to_char(date_trunc('day', a.\"At\" AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"),
            (false, ChartRange.Day) => ("substr(a.\"At\", 1, 13)", "substr(a.\"At\", 1, 13)"),
            (false, _) => ("substr(a.\"At\", 1, 10)", "substr(a.\"At\", 1, 10)"),
        };
        var sql = $"""
            SELECT {bucket} AS "Bucket",
                   SUM(CASE WHEN a."Action" IN ('Posted', 'Linked') THEN 1
                            -- Only a skip that linked a document already in the target counts; looked up for skips alone.
                            WHEN a."Action" = 'Skipped' AND EXISTS (SELECT 1 FROM "SyncRecords" AS r WHERE r."Id" = a."RecordId" AND r."TargetDocumentId" IS NOT NULL) THEN 1
                            ELSE 0 END) AS "Synced",
                   SUM(CASE WHEN a."Action" = 'Failed' THEN 1 ELSE 0 END) AS "Failed"
            FROM "AuditEvents" AS a
            WHERE a."IntegrationId" = {"{0}"} AND a."At" >= {"{1}"}
              AND a.{OutcomeIndex.Filter}
            GROUP BY {group}
            """;
        // SQLite keeps Guids as upper-case text and instants in the converter's format; parameters must match them.
        object[] parameters = postgres
            ? [integrationId, from]
            : [integrationId.ToString().ToUpperInvariant(), new Data.UtcInstantAsText().ConvertToProvider(from)!];
        var rows = await db.Database.SqlQueryRaw<BucketRow>(sql, parameters).ToListAsync(ct);
        var byBucket = rows.ToDictionary(r => r.Bucket);
        var fresh = Enumerable.Range(count - reread, reread).Select(i => first + step * i).Select(start =>
        {
            var key = start.ToString(range == ChartRange.Day ? "yyyy-MM-dd HH" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return byBucket.TryGetValue(key, out var row) ? new ThroughputBucket(start, (int)row.Synced, (int)row.Failed) : new ThroughputBucket(start, 0, 0);
        });
        return [.. closed ?? [], .. fresh];
    }

    private sealed class BucketRow
    {
        public string Bucket { get; set; } = "";
        public long Synced { get; set; }
        public long Failed { get; set; }
    }
}
