using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// <c>POST /data/$batch</c> (contract §7): multipart/mixed of single operations and changesets. A changeset is atomic —
/// the store logs its changes and undoes them if any operation in it fails — and the outer answer is 200 whatever the
/// parts say. <c>$n</c> at the start of a URL refers to the entity created by Content-ID n in the same changeset.
/// With <c>PartialBatchFailure</c> on, the last changeset fails (and rolls back) with an infolog error.
/// </summary>
internal static class D365Batch
{
    private sealed record Operation(string Method, string Url, string Body, string? ContentId, bool Ieee754 = false);

    public static ODataResponse Execute(D365Simulator simulator, string? contentType, string body, D365Client caller, string serviceRoot, bool ieee754)
    {
        var boundary = BoundaryOf(contentType);
        if (boundary is null)
            return Error(ODataFault.BadRequest("The $batch request needs Content-Type: multipart/mixed; boundary=…"));
        var parts = Split(body, boundary);
        var changesets = parts.Count(p => BoundaryOf(Header(p.Headers, "Content-Type")) is not null);
        var seen = 0;
        var outer = $"batchresponse_{Guid.NewGuid()}";
        var output = new StringBuilder();
        foreach (var (headers, content) in parts)
        {
            output.Append("--").Append(outer).Append("\r\n");
            if (BoundaryOf(Header(headers, "Content-Type")) is { } inner)
            {
                var failLast = ++seen == changesets && simulator.Faults.Settings.PartialBatchFailure;
                output.Append(Changeset(simulator, Split(content, inner).Select(p => Parse(p.Headers, p.Content)).ToList(), caller, serviceRoot, ieee754, failLast));
            }
            else
            {
                var operation = Parse(headers, content);
                output.Append(Part(Run(simulator, operation, caller, serviceRoot, ieee754, []), operation.ContentId));
            }
        }
        output.Append("--").Append(outer).Append("--\r\n");
        return new ODataResponse(200, output.ToString(), $"multipart/mixed; boundary={outer}");
    }

    private static string Changeset(D365Simulator simulator, List<Operation> operations, D365Client caller, string serviceRoot, bool ieee754, bool fail)
    {
        lock (simulator.Store.Gate)
        {
            using var transaction = simulator.Store.Begin();
            var locations = new Dictionary<string, string>();
            var responses = new List<(ODataResponse Response, string? ContentId)>();
            foreach (var operation in operations)
            {
                var response = Run(simulator, operation, caller, serviceRoot, ieee754, locations);
                if (response.Status >= 400)
                {
                    transaction.Rollback();
                    return Part(response, operation.ContentId);
                }
                if (operation.ContentId is not null && response.Headers?.GetValueOrDefault("Location") is { } location)
                    locations[operation.ContentId] = location;
                responses.Add((response, operation.ContentId));
            }
            if (fail)
            {
                transaction.Rollback();
                return Part(Error(ODataFault.WriteFailed(D365WriteRules.HeaderType,
                    "The changeset was rolled back: a simulated failure (sandbox PartialBatchFailure) stopped the last operation.")), operations.LastOrDefault()?.ContentId);
            }
            var boundary = $"changesetresponse_{Guid.NewGuid()}";
            var output = new StringBuilder($"Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n");
            foreach (var (response, contentId) in responses) output.Append("--").Append(boundary).Append("\r\n").Append(Part(response, contentId));
            return output.Append("--").Append(boundary).Append("--\r\n").ToString();
        }
    }

    private static ODataResponse Run(D365Simulator simulator, Operation operation, D365Client caller, string serviceRoot, bool ieee754, Dictionary<string, string> locations)
    {
        var url = operation.Url;
        if (url.StartsWith('$'))
        {
            var end = url.IndexOfAny(['/', '?']);
            var id = end < 0 ? url[1..] : url[1..end];
            if (!locations.TryGetValue(id, out var location)) return Error(ODataFault.BadRequest($"Content-ID ${id} does not refer to an earlier request in this changeset."));
            url = location + (end < 0 ? "" : url[end..]);
        }
        var data = url.IndexOf("/data/", StringComparison.Ordinal);
        if (data >= 0) url = url[(data + "/data/".Length)..];
        var question = url.IndexOf('?');
        var (path, query) = question < 0 ? (url, "") : (url[..question], url[question..]);
        return simulator.OData.Execute(new ODataRequest(operation.Method, Uri.UnescapeDataString(path), query, operation.Body, caller, serviceRoot,
            ieee754 || operation.Ieee754));
    }

    private static string Part(ODataResponse response, string? contentId)
    {
        var part = new StringBuilder("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (contentId is not null) part.Append("Content-ID: ").Append(contentId).Append("\r\n");
        part.Append("\r\nHTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrases.GetReasonPhrase(response.Status)).Append("\r\n");
        if (response.ContentType is not null) part.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>()) part.Append(name).Append(": ").Append(value).Append("\r\n");
        return part.Append("\r\n").Append(response.Body).Append("\r\n").ToString();
    }

    private static Operation Parse(List<string> partHeaders, string content)
    {
        var lines = content.Split('\n');
        // "METHOD url HTTP/1.1"; the URL is everything between, in case a client left spaces unescaped.
        var requestLine = lines[0].Trim();
        var method = requestLine.Split(' ')[0];
        var version = requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal);
        var url = version > method.Length ? requestLine[(method.Length + 1)..version].Trim() : requestLine[method.Length..].Trim();
        var blank = Array.FindIndex(lines, 1, l => l.Length == 0);
        var body = blank < 0 ? "" : string.Join("\n", lines[(blank + 1)..]).Trim();
        // A part's own Accept/Content-Type can ask for IEEE754Compatible numbers, as the outer request can.
        var ieee754 = lines[1..(blank < 0 ? lines.Length : blank)].Any(l => l.Contains("IEEE754Compatible=true", StringComparison.OrdinalIgnoreCase));
        return new Operation(method, url, body, Header(partHeaders, "Content-ID"), ieee754);
    }

    /// <summary>The parts between <c>--boundary</c> lines, each split into MIME headers and content (line ends normalised).</summary>
    private static List<(List<string> Headers, string Content)> Split(string body, string boundary)
    {
        var parts = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.TrimEnd() == $"--{boundary}--") break;
            if (line.TrimEnd() == $"--{boundary}") parts.Add(current = []);
            else current?.Add(line);
        }
        return parts.Select(lines =>
        {
            var blank = lines.FindIndex(l => l.Length == 0);
            return blank < 0 ? (lines, "") : (lines[..blank], string.Join("\n", lines[(blank + 1)..]).Trim('\n'));
        }).ToList();
    }

    private static string? Header(List<string> headers, string name) =>
        headers.Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h[1].Trim()).FirstOrDefault();

    private static string? BoundaryOf(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase)) return null;
        var at = contentType.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : contentType[(at + "boundary=".Length)..].Split(';')[0].Trim().Trim('"');
    }

    private static ODataResponse Error(ODataFault fault) => new(fault.Status, ODataJson.Error(fault), ODataJson.ContentType);
}
