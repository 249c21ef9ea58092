using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// Ramp's keyset pagination: <c>page_size</c> 2–100 (default 20), <c>start</c> = id of the last item of the previous
/// page, and <c>page.next</c> a full URL repeating the query with the new <c>start</c> (null on the last page).
/// </summary>
internal static class RampPaging
{
    public const int DefaultPageSize = 20;

    /// <summary>The page size, or the 422 Ramp answers for one outside 2–100.</summary>
    public static (int Size, IResult? Error) PageSize(HttpRequest request, int fallback = DefaultPageSize)
    {
        var raw = request.Query["page_size"].ToString();
        if (raw.Length == 0) return (fallback, null);
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 2 and <= 100
            ? (size, null)
            : (0, RampErrors.Invalid("page_size", "Value must be between 2 and 100"));
    }

    /// <summary>
    /// One page of <paramref name="items"/> (ordered by id, so <c>start</c> is a stable cursor even while items change),
    /// shaped by <paramref name="shape"/>. Call under the state lock.
    /// </summary>
    public static IResult Page<T>(HttpRequest request, IEnumerable<T> items, Func<T, string> id, Func<T, object> shape)
    {
        var (size, error) = PageSize(request);
        if (error is not null) return error;
        var start = request.Query["start"].ToString();
        var ordered = items.OrderBy(id, StringComparer.Ordinal).AsEnumerable();
        // An unknown start is treated as a position, not an error: the cursor is opaque to clients anyway.
        if (start.Length > 0) ordered = ordered.Where(i => string.CompareOrdinal(id(i), start) > 0);
        var page = ordered.Take(size + 1).ToList();
        string? next = null;
        if (page.Count > size)
        {
            page.RemoveAt(size);
            next = NextUrl(request, id(page[^1]));
        }
        return Results.Json(new { data = page.Select(shape).ToList(), page = new { next } }, RampJson.Options);
    }

    private static string NextUrl(HttpRequest request, string start)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(q => q.Key != "start")
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("start", start));
        return QueryHelpers.AddQueryString(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path), query);
    }
}
