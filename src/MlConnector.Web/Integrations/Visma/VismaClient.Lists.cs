using System.Net.Http.Headers;
using System.Text.Json;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Visma;

/// <summary>Reads of whole lists and single records, for master data.</summary>
public sealed partial class VismaClient
{
    /// <summary>The page size we ask for: the smaller of the two maxima seen in clients (contract §4, open question 5).</summary>
    public const int PageSize = 100;

    /// <summary>
    /// Every row of a list (<paramref name="path"/> may carry filters), page after page until a short page or
    /// <c>metadata.totalCount</c>. Rows are cloned so they outlive the pages' documents.
    /// </summary>
    /// <remarks>
    /// Visma clamps a too-large <c>pageSize</c> silently, and does not say whether page 2 then starts after the
    /// clamped or the asked-for size. So when page 1 reports a smaller <c>maxPageSize</c>, we start over at that
    /// size rather than risk skipping rows.
    /// </remarks>
    public async Task<ConnectorResult<IReadOnlyList<JsonElement>>> ListAllAsync(VismaCredentials credentials, VismaToken token, string path, CancellationToken ct)
    {
        var size = PageSize;
        var first = await PageAsync(credentials, token, path, 1, size, ct);
        if (!first.IsOk) return first.Failure!;
        if (first.Value.MaxPageSize is { } max && max >= 1 && max < size)
        {
            size = max;
            first = await PageAsync(credentials, token, path, 1, size, ct);
            if (!first.IsOk) return first.Failure!;
        }
        var rows = new List<JsonElement>(first.Value.Rows);
        var last = first.Value;
        for (var page = 2; last.Rows.Count >= size && (last.TotalCount is not { } total || rows.Count < total); page++)
        {
            var next = await PageAsync(credentials, token, path, page, size, ct);
            if (!next.IsOk) return next.Failure!;
            last = next.Value;
            rows.AddRange(last.Rows);
        }
        return ConnectorResult<IReadOnlyList<JsonElement>>.Ok(rows);
    }

    /// <summary>One record (or any JSON answer) of <c>GET {ApiBase}{pathAndQuery}</c>, cloned.</summary>
    public Task<ConnectorResult<JsonElement>> GetAsync(VismaCredentials credentials, VismaToken token, string pathAndQuery, CancellationToken ct) =>
        SendAsync(() => Get(credentials, token, pathAndQuery), async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return json.RootElement.Clone();
        }, ct);

    private readonly record struct ListPage(IReadOnlyList<JsonElement> Rows, int? TotalCount, int? MaxPageSize);

    private async Task<ConnectorResult<ListPage>> PageAsync(VismaCredentials credentials, VismaToken token, string path, int page, int size, CancellationToken ct)
    {
        var read = await GetAsync(credentials, token, $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}pageNumber={page}&pageSize={size}", ct);
        if (!read.IsOk) return read.Failure!;
        if (read.Value.ValueKind != JsonValueKind.Array)
            return new ConnectorFailure(FailureKind.Permanent, $"Visma answered {path} with {read.Value.ValueKind}, not a list.");
        var rows = read.Value.EnumerateArray().ToList();
        // Every record repeats the list's metadata (contract §3); an empty page has none.
        var metadata = rows.Count > 0 && rows[0].TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        return ConnectorResult<ListPage>.Ok(new ListPage(rows, Int(metadata, "totalCount"), Int(metadata, "maxPageSize")));
    }

    private static int? Int(JsonElement metadata, string property) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static HttpRequestMessage Get(VismaCredentials credentials, VismaToken token, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(credentials.ApiBase, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        request.Headers.Add("ipp-company-id", credentials.CompanyId);
        return request;
    }
}
