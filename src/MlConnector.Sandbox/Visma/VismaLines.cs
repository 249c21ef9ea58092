using System.Text.Json;

namespace MlConnector.Sandbox.Visma;

/// <summary>Line details shared by supplier invoices and purchase orders: account and subaccount checks, read shapes.</summary>
internal static class VismaLines
{
    /// <summary>A plain segment array, <c>[{"segmentId":1,"segmentValue":"D010"}]</c> (contract §6.2: not wrapped).</summary>
    public static IReadOnlyList<SegmentRef> Segments(JsonElement line, string name) => [.. VismaWire.Array(line, name).Select(s =>
        s.ValueKind == JsonValueKind.Object && s.TryGetProperty("segmentId", out var id) && id.TryGetInt32(out var segmentId) &&
        s.TryGetProperty("segmentValue", out var value) && value.ValueKind == JsonValueKind.String
            ? new SegmentRef(segmentId, value.GetString()!)
            : throw new VismaValidationException($"Each '{name}' item must be {{\"segmentId\": n, \"segmentValue\": \"...\"}}."))];

    /// <summary>Refuses an unknown or inactive account and a bad subaccount, as a posting to them would fail in the ERP.</summary>
    public static void Check(VismaCompany company, string? accountNumber, IReadOnlyList<SegmentRef> segments, int lineNumber)
    {
        if (string.IsNullOrWhiteSpace(accountNumber)) throw new VismaValidationException($"Line {lineNumber}: 'accountNumber' is required.");
        var account = company.Account(accountNumber) ?? throw new VismaValidationException($"Line {lineNumber}: account '{accountNumber}' does not exist.");
        if (!account.Active) throw new VismaValidationException($"Line {lineNumber}: account '{accountNumber}' is inactive.");
        if (company.CheckSubaccount(segments) is { } problem) throw new VismaValidationException($"Line {lineNumber}: {problem}");
    }

    public static object Account(VismaCompany company, string number) =>
        company.Account(number) is { } a ? new { number = a.Number, description = a.Description, type = a.Type } : new { number, description = "", type = "" };

    /// <summary>Read shape of a subaccount: the combined key ("D010-CC100") and its segments.</summary>
    public static object Subaccount(VismaCompany company, IReadOnlyList<SegmentRef> segments) => new
    {
        subaccountNumber = string.Join('-', segments.OrderBy(s => s.SegmentId).Select(s => s.SegmentValue)),
        segments = segments.OrderBy(s => s.SegmentId).Select(s =>
        {
            var definition = company.Segments.FirstOrDefault(d => d.SegmentId == s.SegmentId);
            return new
            {
                segmentId = s.SegmentId,
                segmentDescription = definition?.Description,
                segmentValue = s.SegmentValue,
                segmentValueDescription = definition?.Values.FirstOrDefault(v => v.ValueId == s.SegmentValue)?.Description,
            };
        }).ToList(),
    };
}
