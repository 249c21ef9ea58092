using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Dashboard;

/// <summary>
/// The chart's bars: documents synced and records failed per hour (last 24 hours) or per day (last 14 days), grouped in
/// the database over the trail's (integration, time) index. Raw SQL because the bucket is the time truncated, which EF
/// cannot express over SQLite's text instants; both dialects produce the same bucket text.
/// </summary>
public sealed class ThroughputQuery(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, TimeProvider clock)
{
    public async Task<IReadOnlyList<ThroughputBucket>> ReadAsync(Guid integrationId, ChartRange range, CancellationToken ct = default)
    {
        // Raw SQL passes the tenancy filter by: the workspace is named in the query itself.
        var workspaceId = current.Id ?? throw new InvalidOperationException("No workspace entered.");
        var now = clock.GetUtcNow();
        var (step, count) = range == ChartRange.Day ? (TimeSpan.FromHours(1), 24) : (TimeSpan.FromDays(1), 14);
        var last = range == ChartRange.Day
            ? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var first = last - step * (count - 1);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var postgres = db.Database.IsNpgsql();
        var bucket = (postgres, range) switch
        {
            (true, ChartRange.Day) => "to_char(date_trunc('hour', a.\"At\" AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24')",
            (true, _) => "to_char(date_trunc('day', a.\"At\" AT TIME ZONE 'UTC'), 'YYYY-MM-DD')",
            // SQLite holds instants as UTC text "yyyy-MM-dd HH:mm:ss…" (UtcInstantAsText): the bucket is a prefix.
            (false, ChartRange.Day) => "substr(a.\"At\", 1, 13)",
            (false, _) => "substr(a.\"At\", 1, 10)",
        };
        var sql = $"""
            SELECT {bucket} AS "Bucket",
                   COUNT(DISTINCT CASE WHEN a."Action" IN ('Posted', 'Linked') OR (a."Action" = 'Skipped' AND r."TargetDocumentId" IS NOT NULL)
                                       THEN a."RecordId" END) AS "Synced",
                   COUNT(DISTINCT CASE WHEN a."Action" = 'Failed' THEN a."RecordId" END) AS "Failed"
            FROM "AuditEvents" AS a
            LEFT JOIN "SyncRecords" AS r ON a."Action" = 'Skipped' AND r."Id" = a."RecordId"
            WHERE a."IntegrationId" = {"{0}"} AND a."WorkspaceId" = {"{1}"} AND a."At" >= {"{2}"}
              AND a."Action" IN ('Posted', 'Linked', 'Skipped', 'Failed')
            GROUP BY {bucket}
            """;
        // SQLite keeps Guids as upper-case text and instants in the converter's format; parameters must match them.
        object[] parameters = postgres
            ? [integrationId, workspaceId, first]
            : [integrationId.ToString().ToUpperInvariant(), workspaceId.ToString().ToUpperInvariant(), new Data.UtcInstantAsText().ConvertToProvider(first)!];
        var rows = await db.Database.SqlQueryRaw<BucketRow>(sql, parameters).ToListAsync(ct);
        var byBucket = rows.ToDictionary(r => r.Bucket);
        return Enumerable.Range(0, count).Select(i => first + step * i).Select(start =>
        {
            var key = start.ToString(range == ChartRange.Day ? "yyyy-MM-dd HH" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return byBucket.TryGetValue(key, out var row) ? new ThroughputBucket(start, (int)row.Synced, (int)row.Failed) : new ThroughputBucket(start, 0, 0);
        }).ToList();
    }

    private sealed class BucketRow
    {
        public string Bucket { get; set; } = "";
        public long Synced { get; set; }
        public long Failed { get; set; }
    }
}
