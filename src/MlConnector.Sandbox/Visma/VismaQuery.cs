using System.Globalization;

namespace MlConnector.Sandbox.Visma;

/// <summary>Every read record carries it (contract §3): the list's total and the endpoint's largest page.</summary>
public sealed record VismaMetadata(int TotalCount, int MaxPageSize);

/// <summary>
/// List conventions (contract §4): 1-based <c>pageNumber</c>/<c>pageSize</c> with silent clamping, the
/// deprecated <c>skipRecords</c>/<c>numberToRead</c> (not combinable with paging), and the
/// <c>{field}</c> + <c>{field}Condition</c> date filters. Unknown query parameters are simply never read.
/// </summary>
internal sealed class VismaQuery(HttpRequest request, VismaSettings settings)
{
    private static readonly string[] Operators = [">", "<", ">=", "<="];
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFF"];

    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZoneId);

    public string? Text(string name) => request.Query.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

    /// <summary>A time as Visma writes it: local time of the company's zone, no offset.</summary>
    public string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-ddTHH:mm:ss.FFF", CultureInfo.InvariantCulture);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";

    /// <summary>Keeps the rows whose time satisfies <c>{name}</c> + <c>{name}Condition</c>; both or neither must be sent.</summary>
    public IEnumerable<T> Condition<T>(IEnumerable<T> rows, string name, Func<T, DateTimeOffset> instant) =>
        Condition(rows, name, row => TimeZoneInfo.ConvertTime(instant(row), zone).DateTime);

    public IEnumerable<T> Condition<T>(IEnumerable<T> rows, string name, Func<T, DateOnly> date) =>
        Condition(rows, name, row => date(row).ToDateTime(TimeOnly.MinValue));

    private IEnumerable<T> Condition<T>(IEnumerable<T> rows, string name, Func<T, DateTime> local)
    {
        var (value, condition) = (Text(name), Text(name + "Condition"));
        if (value is null && condition is null) return rows;
        if (value is null || condition is null)
            throw new VismaValidationException($"'{name}' and '{name}Condition' must be sent together.");
        if (!Operators.Contains(condition))
            throw new VismaValidationException($"'{name}Condition' must be one of >, <, >=, <= (was '{condition}').");
        if (!DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var limit))
            throw new VismaValidationException($"'{name}' must be yyyy-MM-dd, yyyy-MM-dd HH:mm:ss[.FFF] or yyyy-MM-ddTHH:mm:ss[.FFF] (was '{value}').");
        return rows.Where(row => condition switch
        {
            ">" => local(row) > limit,
            "<" => local(row) < limit,
            ">=" => local(row) >= limit,
            _ => local(row) <= limit,
        });
    }

    /// <summary>One page of <paramref name="rows"/>, each projected with the list's metadata.</summary>
    public IReadOnlyList<TDto> Page<T, TDto>(IReadOnlyCollection<T> rows, Func<T, VismaMetadata, TDto> project)
    {
        var max = settings.MaxPageSize;
        var (pageNumber, pageSize) = (Int("pageNumber"), Int("pageSize"));
        var (skip, take) = (Int("skipRecords"), Int("numberToRead"));
        if ((pageNumber ?? pageSize) is not null && (skip ?? take) is not null)
            throw new VismaValidationException("skipRecords/numberToRead cannot be combined with pageNumber/pageSize.");
        if (pageNumber < 1) throw new VismaValidationException("pageNumber must be 1 or more.");
        if (pageSize < 1 || take < 1) throw new VismaValidationException("pageSize must be 1 or more.");
        if (skip < 0) throw new VismaValidationException("skipRecords must not be negative.");

        var size = Math.Min(pageSize ?? take ?? max, max);
        var offset = skip ?? ((pageNumber ?? 1) - 1) * size;
        var metadata = new VismaMetadata(rows.Count, max);
        return [.. rows.Skip(offset).Take(size).Select(row => project(row, metadata))];
    }

    private int? Int(string name)
    {
        var text = Text(name);
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw new VismaValidationException($"'{name}' must be a whole number (was '{text}').");
    }
}
