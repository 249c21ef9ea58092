using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.Records;

/// <summary>
/// The explorer's filter and sort as SQL (both providers). The workspace comes from the tenancy filter; each condition
/// is an equality or a range on an indexed column (see the RecordExplorer indexes), except free text, which scans the
/// workspace's rows that the other conditions leave.
/// </summary>
internal static class RecordFilters
{
    /// <param name="postgres">PostgreSQL's LIKE is case-sensitive: free text uses ILIKE there.</param>
    public static IQueryable<SyncRecord> Apply(this IQueryable<SyncRecord> records, RecordFilter filter, bool postgres)
    {
        if (filter.IntegrationId is { } integration) records = records.Where(r => r.IntegrationId == integration);
        if (filter.State is { } state) records = records.Where(r => r.State == state);
        if (!string.IsNullOrWhiteSpace(filter.Flow)) records = records.Where(r => r.Flow == filter.Flow);
        if (filter.ErrorCategory is { } category) records = records.Where(r => r.ErrorCategory == category);
        if (filter.DateField == RecordDateField.CreatedAt)
        {
            if (filter.From is { } from) records = records.Where(r => r.CreatedAt >= from);
            if (filter.To is { } to) records = records.Where(r => r.CreatedAt < to);
        }
        else
        {
            if (filter.From is { } from) records = records.Where(r => r.UpdatedAt >= from);
            if (filter.To is { } to) records = records.Where(r => r.UpdatedAt < to);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var (term, amount) = Terms(filter.Text);
            // LIKE, not lower() + instr: case-insensitive as it is (SQLite's LIKE for ASCII, as its lower() is; ILIKE on
            // PostgreSQL) and about twice as fast on a scan of 100,000 rows.
            var pattern = "%" + EscapeLike(term) + "%";
            var amountPattern = amount is null ? null : "%" + EscapeLike(amount) + "%";
            records = (postgres, amountPattern) switch
            {
                (true, null) => records.Where(r => EF.Functions.ILike(r.Summary!, pattern, "\\") || EF.Functions.ILike(r.SourceId, pattern, "\\")
                    || EF.Functions.ILike(r.NaturalKey!, pattern, "\\") || EF.Functions.ILike(r.TargetDocumentId!, pattern, "\\")),
                (true, _) => records.Where(r => EF.Functions.ILike(r.Summary!, pattern, "\\") || EF.Functions.ILike(r.SourceId, pattern, "\\")
                    || EF.Functions.ILike(r.NaturalKey!, pattern, "\\") || EF.Functions.ILike(r.TargetDocumentId!, pattern, "\\")
                    || EF.Functions.ILike(r.Summary!, amountPattern!, "\\")),
                (false, null) => records.Where(r => EF.Functions.Like(r.Summary, pattern, "\\") || EF.Functions.Like(r.SourceId, pattern, "\\")
                    || EF.Functions.Like(r.NaturalKey, pattern, "\\") || EF.Functions.Like(r.TargetDocumentId, pattern, "\\")),
                _ => records.Where(r => EF.Functions.Like(r.Summary, pattern, "\\") || EF.Functions.Like(r.SourceId, pattern, "\\")
                    || EF.Functions.Like(r.NaturalKey, pattern, "\\") || EF.Functions.Like(r.TargetDocumentId, pattern, "\\")
                    || EF.Functions.Like(r.Summary, amountPattern!, "\\")),
            };
        }
        return records;
    }

    public static IOrderedQueryable<SyncRecord> Sort(this IQueryable<SyncRecord> records, RecordSort sort, bool descending) => (sort, descending) switch
    {
        (RecordSort.CreatedAt, false) => records.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
        (RecordSort.CreatedAt, true) => records.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
        (_, false) => records.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id),
        _ => records.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
    };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// The term in lower case, and for a number the way summaries write amounts: "1250" or "1250.5" also finds
    /// "1,250.00" and "1,250.50" (summaries group thousands with commas, invariant culture).
    /// </summary>
    internal static (string Term, string? Amount) Terms(string text)
    {
        var term = text.Trim().ToLowerInvariant();
        var plain = term.Replace(",", "", StringComparison.Ordinal);
        string? amount = null;
        if (plain.Length > 0 && plain.All(c => char.IsAsciiDigit(c) || c == '.')
            && decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            var fraction = plain.Contains('.', StringComparison.Ordinal) ? plain[(plain.IndexOf('.', StringComparison.Ordinal) + 1)..] : null;
            amount = Math.Truncate(value).ToString("#,0", CultureInfo.InvariantCulture) + (fraction is null ? "" : "." + fraction);
            if (amount == term) amount = null;
        }
        return (term, amount);
    }
}
