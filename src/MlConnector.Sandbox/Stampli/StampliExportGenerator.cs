using System.Globalization;
using System.Text;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Stampli;

/// <summary>The ways a row of a Stampli export can be broken, as a file poller must expect.</summary>
public enum RowDefect { MissingInvoiceNumber, BadDate, NonNumericAmount, UnknownVendor, MissingColumns, LinesDoNotAddUp }

/// <summary>A generated file: its text, and which lines (1-based, the header is line 1) were broken on purpose.</summary>
public sealed record StampliExport(string FileName, string Content, IReadOnlyList<int> DataLines, IReadOnlyDictionary<int, RowDefect> Defects);

/// <summary>
/// Writes realistic Stampli exports from the sandbox company: approved invoices and payment status, with
/// malformed rows on request. Deterministic for a seed, so tests can name the lines they expect to fail.
/// </summary>
public sealed class StampliExportGenerator(SandboxCompany company)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Approved (and paid) bills of one legal entity as an invoices file; <paramref name="defects"/> rows broken.</summary>
    public StampliExport Invoices(string legalEntity, int invoiceCount, DateTimeOffset exportedAt, int sequence = 1, int defects = 0, int seed = 1)
    {
        var random = new Random(seed);
        var vendors = company.Vendors.ToDictionary(v => v.Number);
        var bills = company.Bills.Where(b => b.LegalEntityId == legalEntity && b.Status != BillStatus.Draft).Take(invoiceCount).ToList();
        var rows = new List<string[]>();
        foreach (var bill in bills)
        {
            var approver = company.Employees[random.Next(company.Employees.Count)];
            for (var i = 0; i < bill.Lines.Count; i++)
            {
                var line = bill.Lines[i];
                rows.Add(
                [
                    $"STP-{bill.Id[..8].ToUpperInvariant()}", bill.LegalEntityId, bill.VendorNumber, vendors[bill.VendorNumber].Name, bill.InvoiceNumber,
                    Date(bill.IssuedOn), Date(bill.DueOn), Date(bill.IssuedOn), bill.Currency, Amount(bill.Amount), "0.00", "", bill.Memo,
                    "Approved", Date(bill.IssuedOn.AddDays(random.Next(1, 6))), $"{approver.FirstName} {approver.LastName}",
                    (i + 1).ToString(Invariant), line.Memo, line.AccountNumber, line.DepartmentCode, line.CostCenterCode,
                    "1", Amount(line.Amount), Amount(line.Amount), "", exportedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant),
                ]);
            }
        }
        return Build(StampliFiles.FileName("invoices", legalEntity, exportedAt, sequence), StampliFiles.InvoiceColumns, rows, defects, random, InvoiceDefect);
    }

    /// <summary>Payment status of the paid bills of one legal entity.</summary>
    public StampliExport Payments(string legalEntity, DateTimeOffset exportedAt, int sequence = 1, int seed = 1)
    {
        var random = new Random(seed);
        string[] methods = ["ACH", "Check", "Wire", "VirtualCard"];
        var rows = company.Bills.Where(b => b.LegalEntityId == legalEntity && b.Status == BillStatus.Paid).Select(bill => new[]
        {
            $"STP-{bill.Id[..8].ToUpperInvariant()}", bill.LegalEntityId, bill.VendorNumber, bill.InvoiceNumber,
            $"PAY-{bill.Id[^8..].ToUpperInvariant()}", Date(bill.PaidOn!.Value), methods[random.Next(methods.Length)], Amount(bill.Amount),
            bill.Currency, "Cleared", $"TRC{random.Next(100000, 999999)}",
        }).ToList<string[]>();
        return Build(StampliFiles.FileName("payments", legalEntity, exportedAt, sequence), StampliFiles.PaymentColumns, rows, 0, random, InvoiceDefect);
    }

    private static StampliExport Build(string name, string[] columns, List<string[]> rows, int defectCount, Random random,
        Func<RowDefect, string[], string[]> breakRow)
    {
        var defects = new Dictionary<int, RowDefect>();
        var kinds = Enum.GetValues<RowDefect>();
        foreach (var index in Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).Take(Math.Min(defectCount, rows.Count)).Order())
        {
            var kind = kinds[defects.Count % kinds.Length];
            rows[index] = breakRow(kind, rows[index]);
            defects[index + 2] = kind; // +1 for the header, +1 for 1-based numbering
        }
        var text = new StringBuilder();
        text.Append(string.Join(',', columns.Select(Quote))).Append("\r\n");
        foreach (var row in rows) text.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        return new StampliExport(name, text.ToString(), Enumerable.Range(2, rows.Count).ToList(), defects);
    }

    private static string[] InvoiceDefect(RowDefect defect, string[] row)
    {
        var broken = (string[])row.Clone();
        switch (defect)
        {
            case RowDefect.MissingInvoiceNumber: broken[4] = ""; break;
            case RowDefect.BadDate: broken[5] = "31/13/2026"; break;
            case RowDefect.NonNumericAmount: broken[23] = "12,34.5x"; break;
            case RowDefect.UnknownVendor: broken[2] = "V99999"; break;
            case RowDefect.MissingColumns: broken = broken[..10]; break;
            case RowDefect.LinesDoNotAddUp: broken[9] = Amount(decimal.Parse(broken[9], Invariant) + 100m); break;
        }
        return broken;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    private static string Amount(decimal amount) => amount.ToString("0.00", Invariant);

    /// <summary>RFC 4180: quote fields holding a comma, quote or line break; double embedded quotes.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
