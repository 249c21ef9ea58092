using System.Text.Json;

namespace MlConnector.Sandbox.Visma;

/// <summary>Line details shared by supplier invoices and purchase orders: account and subaccount checks, read shapes.</summary>
internal static class VismaLines
{
    /// <summary>A plain segment array, <c>[{"segmentId":1,"segmentValue":"D010"}]</c> (contract §6.2: not wrapped).</summary>
    public static IReadOnlyList<SegmentRef> Segments(JsonElement line, string name) => [.. VismaWire.Array(line, name).Select(s =>
        s.ValueKind == JsonValueKind.Object && s.TryGetProperty("segmentId", out var id) &&
        id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var segmentId) &&
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

    public static AccountRefDto Account(VismaCompany company, string number) =>
        company.Account(number) is { } a ? new AccountRefDto(a.Number, a.Description, a.Type) : new AccountRefDto(number, "", "");

    /// <summary>Read shape of a subaccount: the combined key ("D010-CC100") and its segments.</summary>
    public static SubaccountDto Subaccount(VismaCompany company, IReadOnlyList<SegmentRef> segments)
    {
        var ordered = segments.OrderBy(s => s.SegmentId).ToList();
        return new SubaccountDto(string.Join('-', ordered.Select(s => s.SegmentValue)), [.. ordered.Select(s =>
        {
            var definition = company.Segments.FirstOrDefault(d => d.SegmentId == s.SegmentId);
            return new SubaccountSegmentDto(s.SegmentId, definition?.Description, s.SegmentValue,
                definition?.Values.FirstOrDefault(v => v.ValueId == s.SegmentValue)?.Description);
        })]);
    }
}
