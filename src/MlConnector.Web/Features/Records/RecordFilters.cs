using System.Globalization;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.Records;

/// <summary>
/// The explorer's filter and sort as SQL (both providers). The workspace comes from the tenancy filter; each condition
/// is an equality or a range on an indexed column (see the RecordExplorer indexes), except free text, which scans the
/// workspace's rows that the other conditions leave.
/// </summary>
internal static class RecordFilters
{
    public static IQueryable<SyncRecord> Apply(this IQueryable<SyncRecord> records, RecordFilter filter)
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
            // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not.
            records = amount is null
                ? records.Where(r => r.Summary!.ToLower().Contains(term) || r.SourceId.ToLower().Contains(term)
                    || r.NaturalKey!.ToLower().Contains(term) || r.TargetDocumentId!.ToLower().Contains(term))
                : records.Where(r => r.Summary!.ToLower().Contains(term) || r.SourceId.ToLower().Contains(term)
                    || r.NaturalKey!.ToLower().Contains(term) || r.TargetDocumentId!.ToLower().Contains(term) || r.Summary!.Contains(amount));
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
