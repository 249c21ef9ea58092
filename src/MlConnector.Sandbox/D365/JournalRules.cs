using System.Globalization;

namespace MlConnector.Sandbox.D365;

/// <summary>General journals over OData: a header numbered by the server, then lines against it (contract §4).</summary>
internal static class JournalRules
{
    private const string Header = D365WriteRules.JournalType;
    private const string Line = D365WriteRules.JournalLineType;
    private static readonly string[] AccountTypes = ["Ledger", "Vendor", "Customer", "Bank"];

    public static void NewHeader(D365WriteRules rules, Entity row)
    {
        var company = row.Text(D365Names.DataAreaId);
        var name = row.Text("JournalName");
        if (name.Length == 0) throw D365WriteRules.Required(Header, "Name");
        if (!rules.Settings.JournalNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw ODataFault.WriteFailed(Header, $"The value '{name}' in field 'Name' is not found in the related table 'Journal names'.");
        if (!(rules.Settings.KeepSuppliedDocumentNumbers && row.Text("JournalBatchNumber").Length > 0))
            row["JournalBatchNumber"] = $"{company.ToUpperInvariant()}-{rules.NextNumber($"{company}/LedgerJournalHeaders", "000000")}";
        InvoiceRules.Default(row, "Description", "");
        InvoiceRules.Default(row, "PostingLayer", "Current");
        InvoiceRules.Default(row, "IntegrationKey", "");
        // Totals and posting are the server's business, whatever the body says.
        row["IsPosted"] = "No";
        row["JournalTotalDebit"] = 0m;
        row["JournalTotalCredit"] = 0m;
    }

    public static void NewLine(D365WriteRules rules, Entity row)
    {
        var header = rules.OpenHeader(D365EntitySets.JournalHeaders, "JournalBatchNumber", row, Line, "Journal batch number");
        var company = row.Text(D365Names.DataAreaId);
        var batch = header.Text("JournalBatchNumber");
        row["JournalBatchNumber"] = batch;
        if (row["LineNumber"] is null)
            row["LineNumber"] = rules.Store.LastLineNumber(D365EntitySets.JournalLines, company, batch) + 1;
        InvoiceRules.Default(row, "AccountType", "Ledger");
        InvoiceRules.Default(row, "OffsetAccountType", "Ledger");
        CheckLine(rules, row);
    }

    public static void CheckLine(D365WriteRules rules, Entity row)
    {
        var company = row.Text(D365Names.DataAreaId);
        foreach (var (field, label) in new[] { ("TransDate", "Date"), ("Voucher", "Voucher"), ("CurrencyCode", "Currency") })
            if (D365Values.Text(row[field]).Length == 0) throw D365WriteRules.Required(Line, label);
        if (rules.Settings.ClosedPeriodsBefore is { } open && row["TransDate"] is DateTimeOffset date && DateOnly.FromDateTime(date.UtcDateTime) < open)
            throw ODataFault.WriteFailed(Line, $"Period status for {date.UtcDateTime.ToString("M/d/yyyy", CultureInfo.InvariantCulture)} is Closed. " +
                "Transactions cannot be posted in a closed ledger period.");
        Account(rules, row, company, "AccountType", "AccountDisplayValue", required: true);
        Account(rules, row, company, "OffsetAccountType", "OffsetAccountDisplayValue", required: false);
        foreach (var field in new[] { "DefaultDimensionDisplayValue", "OffsetDefaultDimensionDisplayValue" })
            row[field] = DimensionDisplayValues.Normalize(rules.Settings.DefaultDimensionFormat, row.Text(field), rules.Store, Line, field);
        var debit = row["DebitAmount"] as decimal? ?? 0;
        var credit = row["CreditAmount"] as decimal? ?? 0;
        if (debit < 0 || credit < 0) throw ODataFault.WriteFailed(Line, "Debit and credit amounts cannot be negative.");
        if ((debit == 0) == (credit == 0))
            throw ODataFault.WriteFailed(Line, "Enter either a debit amount or a credit amount on the journal line, not both or neither.");
        row["DebitAmount"] = debit;
        row["CreditAmount"] = credit;
    }

    /// <summary>Adds a new line to its header's totals (adding, not summing every line, keeps a long journal cheap to extend).</summary>
    public static void AddToTotals(D365WriteRules rules, Entity line)
    {
        if (HeaderOf(rules, line.Text(D365Names.DataAreaId), line.Text("JournalBatchNumber")) is not { } header) return;
        header["JournalTotalDebit"] = (header["JournalTotalDebit"] as decimal? ?? 0) + (line["DebitAmount"] as decimal? ?? 0);
        header["JournalTotalCredit"] = (header["JournalTotalCredit"] as decimal? ?? 0) + (line["CreditAmount"] as decimal? ?? 0);
        header.Version++;
    }

    /// <summary>Recomputes a header's debit and credit totals from its lines, after a line changed or went.</summary>
    public static void Totals(D365WriteRules rules, string company, string batch)
    {
        if (HeaderOf(rules, company, batch) is not { } header) return;
        var lines = rules.Store.Lines(D365EntitySets.JournalLines, company, batch);
        header["JournalTotalDebit"] = lines.Sum(l => l["DebitAmount"] as decimal? ?? 0);
        header["JournalTotalCredit"] = lines.Sum(l => l["CreditAmount"] as decimal? ?? 0);
        header.Version++;
    }

    /// <summary>Ledger accounts are ledger-dimension display strings; vendor accounts must exist in the company.</summary>
    private static void Account(D365WriteRules rules, Entity row, string company, string typeField, string valueField, bool required)
    {
        var type = row.Text(typeField);
        if (!AccountTypes.Contains(type))
            throw ODataFault.WriteFailed(Line, $"The value '{type}' is not valid for '{typeField}': use Ledger, Vendor, Customer or Bank.");
        var value = row.Text(valueField);
        if (value.Length == 0)
        {
            if (required) throw D365WriteRules.Required(Line, "Account");
            return;
        }
        if (type == "Ledger")
        {
            var normalized = DimensionDisplayValues.Normalize(rules.Settings.LedgerDimensionFormat, value, rules.Store, Line, valueField);
            var mainAccountAt = rules.Settings.LedgerDimensionFormat!.Segments.ToList().IndexOf(DimensionDisplayValues.MainAccount);
            if (mainAccountAt >= 0 && normalized.Split(rules.Settings.LedgerDimensionFormat.Delimiter)[mainAccountAt].Length == 0)
                throw ODataFault.WriteFailed(Line, $"The main account is missing from {valueField} '{value}'.");
            row[valueField] = normalized;
        }
        else if (type == "Vendor" && rules.Vendor(company, value) is null)
            throw ODataFault.WriteFailed(Line, $"The value '{value}' in field 'Account' is not found in the related table 'Vendors'.");
    }

    private static Entity? HeaderOf(D365WriteRules rules, string company, string batch) =>
        rules.Store.Find(D365EntitySets.JournalHeaders, company, batch);
}
