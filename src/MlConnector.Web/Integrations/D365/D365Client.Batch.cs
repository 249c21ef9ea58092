using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.D365;

/// <summary>
/// One create in a <c>$batch</c> changeset: POST <see cref="Row"/> to <see cref="Target"/>, an entity set or
/// <c>$n/{Navigation}</c> for "under the entity operation n created" (operations are numbered from 1, in order).
/// </summary>
public sealed record D365BatchCreate(string Target, JsonObject Row)
{
    public static D365BatchCreate In(string entitySet, JsonObject row) => new(entitySet, row);

    /// <summary>
    /// A line under the entity operation <paramref name="operation"/> created. The header's number is only assigned by the
    /// server when the changeset runs, so the line cannot carry it in its body; posting to the header's navigation property
    /// through the Content-ID reference lets F&amp;O fill it in. cross-company=true because the URL addresses the header by
    /// key, which outside the app user's default company 404s without it (contract §2).
    /// </summary>
    public static D365BatchCreate Under(int operation, string navigation, JsonObject row) => new($"${operation}/{navigation}?cross-company=true", row);

    /// <summary>A pending vendor invoice: the header, then its lines under it (navigation <c>VendorInvoiceLine</c>, contract §3).</summary>
    public static IReadOnlyList<D365BatchCreate> VendorInvoice(JsonObject header, IEnumerable<JsonObject> lines) =>
        [In("VendorInvoiceHeaders", header), .. lines.Select(line => Under(1, "VendorInvoiceLine", line))];

    /// <summary>A general journal: the header, then its lines (navigation name <c>LedgerJournalLine</c> is [inferred]).</summary>
    public static IReadOnlyList<D365BatchCreate> Journal(JsonObject header, IEnumerable<JsonObject> lines) =>
        [In("LedgerJournalHeaders", header), .. lines.Select(line => Under(1, "LedgerJournalLine", line))];
}

/// <summary>
/// <c>POST /data/$batch</c> (contract §7): one or more changesets in one request. Each changeset is atomic, so a failure
/// means nothing in it was created and the caller may send the corrected document again; changesets succeed or fail
/// independently (<c>Prefer: odata.continue-on-error</c>). The outer answer is 200 even when a part failed: every inner
/// status is read. A timeout or a lost connection after sending is an unknown outcome, exactly as for
/// <see cref="CreateAsync"/>: Transient, and the caller looks the document up by its natural key before trying again.
/// </summary>
public sealed partial class D365Client
{
    private sealed record BatchPart(int Status, string? ContentId, string Body, string? RetryAfter);

    /// <summary>Creates every row of <paramref name="changeset"/> or none; the created entities in order.</summary>
    public async Task<ConnectorResult<IReadOnlyList<JsonElement>>> BatchAsync(D365Credentials credentials, IReadOnlyList<D365BatchCreate> changeset, CancellationToken ct)
    {
        if (changeset.Count == 0) return ConnectorResult<IReadOnlyList<JsonElement>>.Ok([]);
        var answered = await BatchAsync(credentials, [changeset], ct);
        return answered.IsOk ? answered.Value![0] : answered.Failure!;
    }

    /// <summary>
    /// Several documents in one request, one changeset each: the outer failure (throttled, token refused, no answer) holds
    /// for all of them; otherwise one result per changeset, in order, each all-or-nothing.
    /// </summary>
    public async Task<ConnectorResult<IReadOnlyList<ConnectorResult<IReadOnlyList<JsonElement>>>>> BatchAsync(D365Credentials credentials,
        IReadOnlyList<IReadOnlyList<D365BatchCreate>> changesets, CancellationToken ct)
    {
        if (changesets.Count == 0 || changesets.Any(c => c.Count == 0)) throw new ArgumentException("Every changeset needs at least one create.", nameof(changesets));
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.GetTokenAsync(credentials, forceRefresh: attempt > 0, ct);
            if (!token.IsOk) return token.Failure!;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Root(credentials), "$batch")) { Content = BatchContent(credentials, changesets) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                request.Headers.Accept.ParseAdd("multipart/mixed");
                // One refused document must not stop the others (OData stops at the first failure without it).
                request.Headers.TryAddWithoutValidation("Prefer", "odata.continue-on-error");
                using var response = await http.SendAsync(request, ct);
                // A 401 on the outer request is answered before any part runs: safe to send again once with a fresh token.
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0) continue;
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(ct);
                    return response.StatusCode == HttpStatusCode.Unauthorized
                        ? new ConnectorFailure(FailureKind.Auth, "Dynamics 365 refused a valid token from Microsoft Entra ID.", StatusCode: 401)
                        : D365Failures.Classify(response, body);
                }
                var sections = await ReadSectionsAsync(response, ct);
                var offset = 0;
                var results = new List<ConnectorResult<IReadOnlyList<JsonElement>>>(changesets.Count);
                for (var i = 0; i < changesets.Count; offset += changesets[i].Count, i++)
                    results.Add(i < sections.Count
                        ? Outcome(sections[i], changesets[i], offset)
                        : UnreadableBatch($"no answer for document {i + 1} of {changesets.Count} (the batch stopped before it)."));
                return ConnectorResult<IReadOnlyList<ConnectorResult<IReadOnlyList<JsonElement>>>>.Ok(results);
            }
            catch (Exception error) when (error is HttpRequestException or OutboundBlockedException or TaskCanceledException or TimeoutException)
            {
                return HttpFailureClassifier.Classify(error);
            }
            catch (Exception error) when (error is InvalidDataException or IOException or JsonException or FormatException)
            {
                return UnreadableBatch(error.Message);
            }
        }
    }

    /// <summary>
    /// Content-IDs are numbered across the whole request (OData wants them unique in the batch); a changeset's
    /// <c>$n</c> references, written relative to the changeset, are shifted to match.
    /// </summary>
    private static StringContent BatchContent(D365Credentials credentials, IReadOnlyList<IReadOnlyList<D365BatchCreate>> changesets)
    {
        var batch = $"batch_{Guid.NewGuid()}";
        var text = new StringBuilder();
        var offset = 0;
        foreach (var changeset in changesets)
        {
            var set = $"changeset_{Guid.NewGuid()}";
            text.Append($"--{batch}\r\nContent-Type: multipart/mixed; boundary={set}\r\n\r\n");
            for (var i = 0; i < changeset.Count; i++)
            {
                // Absolute URLs for entity sets (as C4 sends them); a Content-ID reference must stay relative ("$1/…").
                var target = changeset[i].Target.StartsWith('$') ? Shift(changeset[i].Target, offset) : new Uri(Root(credentials), changeset[i].Target).AbsoluteUri;
                text.Append($"--{set}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: {offset + i + 1}\r\n\r\n")
                    .Append($"POST {target} HTTP/1.1\r\nOData-Version: 4.0\r\n")
                    .Append("Content-Type: application/json;IEEE754Compatible=true\r\nAccept: application/json;IEEE754Compatible=true\r\n\r\n")
                    .Append(changeset[i].Row.ToJsonString()).Append("\r\n");
            }
            text.Append($"--{set}--\r\n");
            offset += changeset.Count;
        }
        text.Append($"--{batch}--\r\n");
        var content = new StringContent(text.ToString(), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={batch}");
        return content;
    }

    private static string Shift(string reference, int offset)
    {
        var end = reference.IndexOfAny(['/', '?']);
        var number = int.Parse(end < 0 ? reference[1..] : reference[1..end], System.Globalization.CultureInfo.InvariantCulture);
        return $"${number + offset}{(end < 0 ? "" : reference[end..])}";
    }

    /// <summary>
    /// The answer's top-level sections, each a list of <c>application/http</c> parts: a changeset's answers, or the one
    /// part that stands for a failed changeset.
    /// </summary>
    private static async Task<List<List<BatchPart>>> ReadSectionsAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var sections = new List<List<BatchPart>>();
        var outer = Boundary(response.Content.Headers.ContentType?.ToString()) ?? throw new InvalidDataException("The $batch answer is not multipart/mixed.");
        var reader = new MultipartReader(outer, await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            var parts = new List<BatchPart>();
            if (Boundary(section.ContentType) is { } inner)
            {
                var changeset = new MultipartReader(inner, section.Body);
                while (await changeset.ReadNextSectionAsync(ct) is { } part) parts.Add(await ReadPartAsync(part, ct));
            }
            else parts.Add(await ReadPartAsync(section, ct));
            sections.Add(parts);
        }
        return sections;
    }

    /// <summary>An embedded response: <c>HTTP/1.1 201 Created</c>, its headers, a blank line, the body.</summary>
    private static async Task<BatchPart> ReadPartAsync(MultipartSection section, CancellationToken ct)
    {
        using var text = new StreamReader(section.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var statusLine = (await text.ReadLineAsync(ct))?.Split(' ') ?? [];
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(statusLine[1], out var status))
            throw new InvalidDataException($"A $batch part has no HTTP status line ({string.Join(' ', statusLine)}).");
        string? retryAfter = null;
        while (await text.ReadLineAsync(ct) is { Length: > 0 } header)
            if (header.Split(':', 2) is [var name, var value] && name.Trim().Equals("Retry-After", StringComparison.OrdinalIgnoreCase)) retryAfter = value.Trim();
        var contentId = section.Headers?.TryGetValue("Content-ID", out var id) == true ? id.ToString() : null;
        return new BatchPart(status, contentId, (await text.ReadToEndAsync(ct)).Trim(), retryAfter);
    }

    private static ConnectorResult<IReadOnlyList<JsonElement>> Outcome(List<BatchPart> parts, IReadOnlyList<D365BatchCreate> changeset, int offset)
    {
        if (parts.FirstOrDefault(p => p.Status >= 400) is { } failed)
        {
            // The failed part stands for the whole changeset, which F&O rolled back: classified like the same answer to CreateAsync.
            using var answer = new HttpResponseMessage((HttpStatusCode)failed.Status);
            if (failed.RetryAfter is not null) answer.Headers.TryAddWithoutValidation("Retry-After", failed.RetryAfter);
            var index = int.TryParse(failed.ContentId, out var n) && n - offset >= 1 && n - offset <= changeset.Count ? n - offset : (int?)null;
            var context = index is { } i ? $" to part {i} of {changeset.Count} ({changeset[i - 1].Target.Split('?')[0]})" : null;
            return D365Failures.Classify(answer, failed.Body, context);
        }
        if (parts.Count != changeset.Count || parts.Any(p => p.Status != 201))
            return UnreadableBatch($"{parts.Count} answers ({string.Join(", ", parts.Select(p => p.Status))}) to {changeset.Count} creates.");
        var created = parts.Select(p =>
        {
            using var json = JsonDocument.Parse(p.Body);
            return json.RootElement.Clone();
        }).ToList();
        return ConnectorResult<IReadOnlyList<JsonElement>>.Ok(created);
    }

    /// <summary>An answer we cannot read leaves the outcome unknown, like a timeout: never assume nothing was created.</summary>
    private static ConnectorFailure UnreadableBatch(string detail) =>
        new(FailureKind.Transient, $"Dynamics 365's $batch answer could not be read: {detail}",
            "Whether the document was created is unknown; it is looked up before it is sent again.");

    private static string? Boundary(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType == "multipart/mixed"
            ? type.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"')
            : null;
}
