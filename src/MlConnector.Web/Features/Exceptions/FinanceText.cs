using System.Text.RegularExpressions;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;

namespace MlConnector.Web.Features.Exceptions;

/// <summary>
/// How the inbox words things for finance: causes in the ledger's terms, documents counted by what they are, and
/// messages without the technical part (status codes, trace ids) that connectors add for support.
/// </summary>
public static partial class FinanceText
{
    /// <summary>"Dynamics 365 answered 500 to part 2 of 3 (LedgerJournalLines): X" → "Dynamics 365: X"; Ramp's trace ids dropped.</summary>
    public static string Plain(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var plain = Answered().Replace(text, "${system}: ");
        return TraceId().Replace(plain, "").Trim();
    }

    /// <summary>
    /// The message with every word that holds a digit (invoice numbers, dates, amounts, account numbers) replaced by "…",
    /// so "Period status for 11/3/2026 is Closed" and "… for 11/4/2026 …" make one group. Each example still shows its own message.
    /// </summary>
    public static string Mask(string text) => Repeated().Replace(Numbered().Replace(text, "…"), "…");

    /// <summary>The key failures are grouped by: the plain message, masked.</summary>
    public static string GroupKey(string? message) => Mask(Plain(message));

    /// <summary>The unmapped value as finance knows it: "GL code 6410 (Software)", "Vendor 'Acme Ltd'", "Department 'D100' (Marketing)".</summary>
    public static string Subject(MappingKind kind, string group, string code, string name) => kind switch
    {
        MappingKind.GlAccount when code.Length == 0 => $"GL account '{name}'",
        MappingKind.GlAccount => $"GL code {code}{Named(code, name)}",
        MappingKind.Vendor => $"Vendor '{(name.Length == 0 ? code : name)}'",
        _ => $"{group} '{(code.Length == 0 ? name : code)}'{(code.Length == 0 ? "" : Named(code, name))}",
    };

    /// <summary>What the ERP lacks for it: "D365 main account", "Visma.net supplier", "D365 Department value".</summary>
    public static string TargetNoun(IntegrationKind integration, MappingKind kind, string group) => $"{Erp(integration)} " + kind switch
    {
        MappingKind.GlAccount => integration == IntegrationKind.RampVisma ? "account" : "main account",
        MappingKind.Vendor => integration == IntegrationKind.RampVisma ? "supplier" : "vendor",
        _ => $"{group} value",
    };

    /// <summary>"GL code 6410 (Software) has no D365 main account".</summary>
    public static string MissingMapping(IntegrationKind integration, MappingKind kind, string group, string code, string name) =>
        $"{Subject(kind, group, code, name)} has no {TargetNoun(integration, kind, group)}";

    /// <summary>"43 bills", or "2 bills, 1 card transaction" when a cause holds documents of several flows.</summary>
    public static string Count(IEnumerable<(string Flow, int Records)> perFlow) =>
        string.Join(", ", perFlow.GroupBy(f => Noun(f.Flow)).Select(g => (Noun: g.Key, Records: g.Sum(f => f.Records)))
            .OrderByDescending(n => n.Records).Select(n => $"{n.Records.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} {(n.Records == 1 ? n.Noun.One : n.Noun.Many)}"));

    /// <summary>
    /// What a flow moves, from the source half of its name (<c>ramp.bill→d365.vendor-invoice</c>: bills), so flows added
    /// later are counted sensibly without a table here.
    /// </summary>
    public static (string One, string Many) Noun(string flow)
    {
        var source = flow.Split('→')[0];
        return source switch
        {
            _ when source.EndsWith("bill-payment", StringComparison.Ordinal) => ("bill payment", "bill payments"),
            _ when source.EndsWith("bill", StringComparison.Ordinal) => ("bill", "bills"),
            _ when source.EndsWith("transaction", StringComparison.Ordinal) => ("card transaction", "card transactions"),
            _ when source.EndsWith("invoice", StringComparison.Ordinal) => ("invoice", "invoices"),
            _ when source.EndsWith("purchase-order", StringComparison.Ordinal) => ("purchase order", "purchase orders"),
            _ => ("document", "documents"),
        };
    }

    public static string Erp(IntegrationKind kind) => kind == IntegrationKind.RampVisma ? "Visma.net" : "D365";

    private static string Named(string code, string name) => name.Length == 0 || name == code ? "" : $" ({name})";

    [GeneratedRegex(@"\b(?<system>Dynamics 365|Ramp|Visma(\.net)?) answered \d{3}[^:]*:\s*")]
    private static partial Regex Answered();

    [GeneratedRegex(@"\s*\(Ramp trace id [^)]*\)")]
    private static partial Regex TraceId();

    // A word holding a digit, with its inner separators (11/3/2026, INV-1001, 1,250.00), but not a closing full stop;
    // names of things are not numbers (D365, Dynamics 365, ISO 4217).
    [GeneratedRegex(@"(?<![\w])(?<!Dynamics |ISO )(?!D365\b)[\w\-/]*\d(?:[\w\-/.,:]*\w)?")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"…(?:[\s\-/.,:]*…)+")]
    private static partial Regex Repeated();
}
