using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// A cleared Ramp card transaction as one general-journal voucher (pure): a Ledger line per split (a transaction without
/// line items is one split with its own coding and amount) against the coded expense account, and one line for the total
/// against the card-liability account. A charge debits the expenses and credits the liability; a refund (negative) the
/// reverse, per line, since D365 takes only non-negative debit or credit amounts.
/// </summary>
public static class CardJournalEntry
{
    /// <summary>The payload's lines (D365 <c>LedgerJournalLines</c> rows without company and journal number).</summary>
    public const string Lines = "lines";

    /// <summary>
    /// The voucher and <c>Document</c> of a transaction's lines: "RC-" + 16 hex digits of SHA-256(Ramp id). Both fields
    /// are 20 characters in F&amp;O and a Ramp id is a 36-character UUID, so the id is derived, not copied; deterministic,
    /// so a retry and the lookup before it agree without any stored state. 64 bits make a collision among one customer's
    /// transactions negligible. The full Ramp id goes into <c>Text</c> for people.
    /// </summary>
    public static string DocumentOf(string rampId) =>
        "RC-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(rampId)))[..16];

    public static FlowMapping Map(JsonElement transaction, MappingSnapshot mappings, RampD365Settings settings)
    {
        var id = RampJson.Text(transaction, "id") ?? "";
        var merchant = RampJson.Text(transaction, "merchant_name") ?? "(no merchant)";
        var what = $"card transaction {merchant} ({id})";
        var currency = (RampJson.Text(transaction, "currency_code") ?? "").ToUpperInvariant();
        if (CurrencyUnits.DecimalsOf(currency) is null)
            return Refused($"The {what} is in '{currency}', which is not a currency code we know.");
        if (RampJson.Text(transaction, "accounting_date") is not { Length: >= 10 } dateText
            || !DateOnly.TryParseExact(dateText[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return Refused($"The {what} has no accounting date in Ramp.");
        if ((transaction.TryGetProperty("amount", out var a) ? RampAmounts.Major(a) : null) is not { } total)
            return Refused($"The {what} has no amount.");
        if (total == 0) return Refused($"The {what} has a zero amount; there is nothing to journal.");

        var splits = Splits(transaction, total, currency);
        var missing = new List<MissingMapping>();
        var coded = new List<(D365Coding Coding, decimal Amount, string? Memo)>();
        for (var i = 0; i < splits.Count; i++)
        {
            var (selections, money, memo) = splits[i];
            var label = splits.Count == 1 ? what : $"split {i + 1} of the {what}";
            if (money is not { } amount) return Refused($"{Capital(label)} {memo}.");
            var coding = RampCoding.Map(selections, mappings, label);
            if (coding.Problem is { } problem) return Refused(problem, "Code it in Ramp; the transaction is picked up again once it is ready to sync.");
            missing.AddRange(coding.Missing);
            if (coding.Coding is { } c) coded.Add((c, amount, memo));
        }
        if (missing.Count > 0) return FlowMapping.Lacks(missing.Distinct().ToList());
        var sum = coded.Sum(c => c.Amount);
        if (sum != total)
            return Refused($"The splits of the {what} add up to {RampAmounts.Format(sum, currency)}, but the transaction is {RampAmounts.Format(total, currency)}.",
                "Correct the splits in Ramp so they add up to the transaction amount; it is picked up again once it is ready to sync.");

        var document = DocumentOf(id);
        var payload = new JsonObject { ["transactionId"] = id, ["document"] = document, ["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        // Without a journal and liability account there is nothing to build the voucher against; PostAllAsync pauses the
        // integration with the setting to fill in (a per-record refusal would fail every transaction one by one).
        if (CardJournalSetup.Problem(settings) is not null) return FlowMapping.Ready(payload.ToJsonString(), document);
        var format = DimensionFormat.Parse(settings.LedgerDimensionFormat);

        var lines = new JsonArray();
        var text = Clip($"Ramp {id} {merchant}", 60);
        foreach (var (coding, amount, memo) in coded.Where(c => c.Amount != 0))
        {
            var values = new Dictionary<string, string>(coding.Dimensions, StringComparer.OrdinalIgnoreCase) { [DimensionFormat.MainAccount] = coding.MainAccount };
            if (format.Build(values, out var problem) is not { } account)
                return Refused($"The {what} cannot be posted: {problem}",
                    "Check the ledger dimension format in the integration's settings against the one active in Dynamics 365 (Financial dimension configuration for integrating applications).");
            lines.Add(Line(account, amount, date, document, currency, text));
        }
        if (format.Build(new Dictionary<string, string> { [DimensionFormat.MainAccount] = settings.CardLiabilityAccount! }, out var liabilityProblem) is not { } liability)
            return Refused($"The card liability account cannot be used: {liabilityProblem}", "Correct the card liability account in the integration's settings.");
        lines.Add(Line(liability, -total, date, document, currency, text));
        payload[Lines] = lines;
        return FlowMapping.Ready(payload.ToJsonString(), document);
    }

    /// <summary>Each split's coding, amount in major units (or why it has none) and memo.</summary>
    private static List<(JsonElement Selections, decimal? Amount, string? Memo)> Splits(JsonElement transaction, decimal total, string currency)
    {
        var items = transaction.TryGetProperty("line_items", out var l) && l.ValueKind == JsonValueKind.Array ? l.EnumerateArray().ToList() : [];
        var own = transaction.TryGetProperty("accounting_field_selections", out var s) ? s : default;
        if (items.Count == 0) return [(own, total, RampJson.Text(transaction, "memo"))];
        return items.Select(item =>
        {
            var selections = item.TryGetProperty("accounting_field_selections", out var sel) ? sel : default;
            var memo = RampJson.Text(item, "memo");
            // A split in another currency (a foreign charge) is posted in the transaction's currency when Ramp converted it.
            foreach (var field in new[] { "amount", "converted_amount" })
            {
                if (!item.TryGetProperty(field, out var money) || money.ValueKind != JsonValueKind.Object) continue;
                var read = RampAmounts.Read(money, out var problem);
                if (read is null) return (selections, (decimal?)null, problem);
                if (read.Value.Currency == currency) return (selections, read.Value.Major, memo);
            }
            return (selections, (decimal?)null, $"has no amount in {currency}, the transaction's currency");
        }).ToList();
    }

    /// <summary>A Ledger line: positive amounts debit, negative ones credit (a refund).</summary>
    private static JsonObject Line(string account, decimal amount, DateOnly date, string document, string currency, string text) => new()
    {
        ["AccountType"] = "Ledger",
        ["AccountDisplayValue"] = account,
        [amount > 0 ? "DebitAmount" : "CreditAmount"] = Math.Abs(amount),
        // Noon UTC: a date-only value read in any time zone of the environment stays the same day.
        ["TransDate"] = date.ToString("yyyy-MM-dd'T12:00:00Z'", CultureInfo.InvariantCulture),
        ["Voucher"] = document,
        ["Document"] = document,
        ["CurrencyCode"] = currency,
        ["Text"] = text,
    };

    private static FlowMapping Refused(string message, string? hint = null) =>
        FlowMapping.Refused(message, hint ?? "Correct the transaction in Ramp; it is picked up again once it is ready to sync.");

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>What the card flow needs from the integration's settings before it can post.</summary>
public static class CardJournalSetup
{
    public const string Hint = "Set the card journal name and liability account in the integration's settings, then resume the integration.";

    /// <summary>Null when <paramref name="settings"/> say where card spend posts; else what is missing.</summary>
    public static string? Problem(RampD365Settings settings)
    {
        var missing = new[] { (settings.CardJournalName, "card journal name"), (settings.CardLiabilityAccount, "card liability account") }
            .Where(s => string.IsNullOrWhiteSpace(s.Item1)).Select(s => s.Item2).ToList();
        if (missing.Count > 0) return $"Card transactions cannot post: the integration's {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not set.";
        return DimensionFormat.TryParse(settings.LedgerDimensionFormat, out _) is { } error ? $"Card transactions cannot post: the ledger dimension format is unusable: {error}" : null;
    }
}
