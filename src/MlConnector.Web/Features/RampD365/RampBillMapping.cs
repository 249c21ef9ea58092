using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// A Ramp bill (contract ramp.md §7) as a pending D365 vendor invoice (d365.md §3–4): the payload is
/// <c>{"header": VendorInvoiceHeaders row, "lines": [VendorInvoiceLines rows]}</c> without <c>dataAreaId</c>, which is
/// the D365 connection's legal entity and added when posting. Pure: the bill, the mappings and the settings decide it.
/// </summary>
/// <remarks>
/// Lines are non-stock, non-PO lines: no item and no procurement category (Ramp codes a GL account, not a category), so
/// each carries the main account and dimensions itself, a quantity of one (minus one for a credit line) at the line's
/// amount as unit price, and the net amount. Data a person must fix in Ramp (no invoice number, no date, an unknown
/// currency, a line without a GL account, coding the dimension format cannot carry) refuses the bill; unmapped vendors,
/// GL accounts or dimension values are all listed together so one round of mapping unblocks it.
/// </remarks>
public static class RampBillMapping
{
    public static FlowMapping Map(JsonElement bill, MappingSnapshot mappings, RampD365Settings settings)
    {
        var number = RampJson.Text(bill, "invoice_number")?.Trim();
        if (string.IsNullOrEmpty(number))
            return FlowMapping.Refused("The bill has no invoice number.", "Enter the vendor's invoice number on the bill in Ramp; D365 requires it.");
        var what = $"bill {number}";
        if (Day(bill, "issued_at") is not { } issued)
            return FlowMapping.Refused($"Bill {number} has no invoice date.", "Enter the invoice date on the bill in Ramp.");
        var amount = bill.TryGetProperty("amount", out var a) ? a : default;
        var currency = amount.ValueKind == JsonValueKind.Object ? RampJson.Text(amount, "currency_code")?.ToUpperInvariant() : null;
        if (CurrencyUnits.DecimalsOf(currency) is not { } decimals)
            return FlowMapping.Refused($"Bill {number} is in {(currency is null ? "no currency" : $"the currency '{currency}'")}, which is not an ISO 4217 currency this connector can post.",
                "Check the bill's currency in Ramp; if it is right, contact support so the currency can be added.");
        if (DimensionFormat.TryParse(settings.DefaultDimensionFormat, out var format) is { } formatError)
            return FlowMapping.Refused($"The integration's default dimension format is not usable: {formatError}", "Correct it in the integration's settings.");

        var items = bill.TryGetProperty("line_items", out var l) && l.ValueKind == JsonValueKind.Array ? l.EnumerateArray().ToList() : [];
        if (items.Count == 0) return FlowMapping.Refused($"Bill {number} has no line items to post.", "Add the bill's lines with their coding in Ramp.");

        var missing = new List<MissingMapping>();
        var vendor = bill.TryGetProperty("vendor", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        var vendorId = vendor.ValueKind == JsonValueKind.Object ? RampJson.Text(vendor, "id") : null;
        if (vendorId is null) return FlowMapping.Refused($"Bill {number} has no vendor.", "Choose the vendor on the bill in Ramp.");
        var account = mappings.TargetOf(MappingKind.Vendor, "", vendorId);
        if (account is null)
        {
            var name = RampJson.Text(vendor, "name") ?? vendorId;
            missing.Add(new MissingMapping(MappingKind.Vendor, "", vendorId, name, name));
        }
        var headerDimensions = bill.TryGetProperty("accounting_field_selections", out var selections)
            ? RampCoding.Dimensions(selections, mappings, missing)
            : new Dictionary<string, string>();

        var codings = new List<D365Coding?>();
        for (var i = 0; i < items.Count; i++)
        {
            var coding = RampCoding.Map(items[i].TryGetProperty("accounting_field_selections", out var s) ? s : default, mappings, $"line {i + 1} of {what}");
            if (coding.Problem is { } problem) return FlowMapping.Refused(problem);
            missing.AddRange(coding.Missing);
            codings.Add(coding.Coding);
        }
        if (missing.Count > 0) return FlowMapping.Lacks(missing.DistinctBy(m => (m.Kind, m.Group, m.SourceKey)).ToList());

        var headerDisplay = format!.Build(headerDimensions, out var headerProblem);
        if (headerProblem is not null) return DimensionsRefused(what, "the bill's own coding", headerProblem);
        var description = RampJson.Text(bill, "memo") is { Length: > 0 } memo ? memo : $"Ramp bill {RampJson.Text(bill, "id")}";
        var header = new JsonObject
        {
            ["InvoiceNumber"] = number,
            ["InvoiceAccount"] = account,
            ["VendorAccount"] = account,
            ["InvoiceDate"] = issued,
            ["Date"] = issued,
            ["Currency"] = currency,
            ["InvoiceDescription"] = Clip(description, 60),
        };
        if (Day(bill, "due_at") is { } due) header["DueDate"] = due;
        if (headerDisplay is { Length: > 0 }) header["DimensionDisplayValue"] = headerDisplay;

        var lines = new JsonArray();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var coding = codings[i]!;
            var display = format.Build(coding.Dimensions, out var problem);
            if (problem is not null) return DimensionsRefused(what, $"line {i + 1}", problem);
            if (!MinorUnits(item, out var minor, out var lineCurrency, out var rate))
                return FlowMapping.Refused($"Line {i + 1} of {what} has no amount.", "Check the bill's lines in Ramp.");
            if (lineCurrency is not null && !lineCurrency.Equals(currency, StringComparison.OrdinalIgnoreCase))
                return FlowMapping.Refused($"Line {i + 1} of {what} is in {lineCurrency} while the bill is in {currency}; a D365 invoice has one currency.");
            var net = CurrencyUnits.ToMajor(minor, decimals, rate);
            var line = new JsonObject
            {
                ["InvoiceLineNumber"] = i + 1,
                ["LineNumber"] = i + 1,
                ["Currency"] = currency,
                ["LineDescription"] = Clip(RampJson.Text(item, "memo") is { Length: > 0 } lineMemo ? lineMemo : description, 1000),
                ["ReceiveNow"] = net < 0 ? -1 : 1,
                ["UnitPrice"] = Math.Abs(net),
                ["NetAmount"] = net,
                ["MainAccountDisplayValue"] = coding.MainAccount,
            };
            if (display is { Length: > 0 }) line["DimensionDisplayValue"] = display;
            lines.Add(line);
        }
        var payload = new JsonObject { ["header"] = header, ["lines"] = lines };
        return FlowMapping.Ready(payload.ToJsonString(), NaturalKey(account!, number));
    }

    public static string NaturalKey(string invoiceAccount, string invoiceNumber) => $"{invoiceAccount}/{invoiceNumber}";

    private static FlowMapping DimensionsRefused(string what, string where, string problem) =>
        FlowMapping.Refused($"Blocked before posting {what} ({where}): {problem}",
            "Either the integration's default dimension format is not the one active in D365 (correct it in the integration's settings), or the bill is coded with a dimension D365 does not take on invoices (change the coding in Ramp).");

    /// <summary>A line's <c>{amount, currency_code}</c> in minor units (the legacy bare number in major units is refused: no lines use it).</summary>
    private static bool MinorUnits(JsonElement item, out long minor, out string? currency, out long? rate)
    {
        (minor, currency, rate) = (0, null, null);
        if (!item.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Object) return false;
        if (!amount.TryGetProperty("amount", out var value) || !value.TryGetInt64(out minor)) return false;
        currency = RampJson.Text(amount, "currency_code");
        if (amount.TryGetProperty("minor_unit_conversion_rate", out var r) && r.TryGetInt64(out var parsed)) rate = parsed;
        return true;
    }

    /// <summary>The calendar day of a Ramp timestamp (UTC when it has no offset) at midday UTC, so no time zone moves it in D365.</summary>
    private static string? Day(JsonElement bill, string name) =>
        RampJson.Text(bill, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToString("yyyy-MM-dd'T'12:00:00'Z'", CultureInfo.InvariantCulture)
            : null;

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
