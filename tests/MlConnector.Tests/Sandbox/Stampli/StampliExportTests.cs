using System.Globalization;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Stampli;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Stampli;

public sealed class StampliExportTests
{
    private static readonly SandboxCompany Company = SandboxCompanyGenerator.Generate();
    private static readonly DateTimeOffset ExportedAt = new(2026, 11, 16, 6, 30, 0, TimeSpan.Zero);
    private readonly StampliExportGenerator generator = new(Company);

    [Fact]
    public void Invoices_OneRowPerLine_HeaderRepeated_AndTotalsMatchTheLines()
    {
        var export = generator.Invoices("hpuk", invoiceCount: 20, ExportedAt);

        export.FileName.ShouldBe("invoices_hpuk_20261116T063000Z_001.csv");
        var rows = Csv(export.Content);
        rows[0].ShouldBe(StampliFiles.InvoiceColumns);
        var bills = Company.Bills.Where(b => b.LegalEntityId == "hpuk" && b.Status != BillStatus.Draft).Take(20).ToList();
        (rows.Count - 1).ShouldBe(bills.Sum(b => b.Lines.Count));
        foreach (var invoice in rows.Skip(1).GroupBy(r => r[0]))
        {
            invoice.Select(r => r[9]).Distinct().Count().ShouldBe(1, "header fields repeat on every line");
            decimal.Parse(invoice.First()[9], CultureInfo.InvariantCulture)
                .ShouldBe(invoice.Sum(r => decimal.Parse(r[23], CultureInfo.InvariantCulture)));
        }
        rows.Skip(1).ShouldAllBe(r => r[1] == "hpuk" && r[8] == "GBP" && r[13] == "Approved");
        export.Defects.ShouldBeEmpty();
    }

    [Fact]
    public void Invoices_WithDefects_BreaksExactlyTheReportedLines()
    {
        var clean = Csv(generator.Invoices("hpus", 30, ExportedAt, seed: 5).Content);
        var export = generator.Invoices("hpus", 30, ExportedAt, defects: 6, seed: 5);
        var rows = Csv(export.Content);

        export.Defects.Count.ShouldBe(6);
        export.Defects.Values.ShouldBe(Enum.GetValues<RowDefect>(), ignoreOrder: true);
        for (var line = 2; line <= rows.Count; line++)
        {
            if (export.Defects.TryGetValue(line, out var defect))
            {
                rows[line - 1].ShouldNotBe(clean[line - 1], $"line {line} should be broken ({defect})");
                if (defect == RowDefect.MissingColumns) rows[line - 1].Length.ShouldBeLessThan(StampliFiles.InvoiceColumns.Length);
                if (defect == RowDefect.UnknownVendor) rows[line - 1][2].ShouldBe("V99999");
            }
            else
            {
                rows[line - 1].ShouldBe(clean[line - 1]);
            }
        }
    }

    [Fact]
    public void Payments_ListOnlyPaidBills()
    {
        var export = generator.Payments("hpus", ExportedAt);
        var rows = Csv(export.Content);

        rows[0].ShouldBe(StampliFiles.PaymentColumns);
        (rows.Count - 1).ShouldBe(Company.Bills.Count(b => b.LegalEntityId == "hpus" && b.Status == BillStatus.Paid));
        rows.Skip(1).ShouldAllBe(r => r[9] == "Cleared");
    }

    [Fact]
    public async Task DropFolder_ZeroConfigurationRun_HasTheFoldersAndAFirstExport()
    {
        await using var sandbox = new SandboxHost();
        await sandbox.InitializeAsync();

        foreach (var folder in StampliFiles.Folders) Directory.Exists(Path.Combine(sandbox.StampliDropFolder, folder)).ShouldBeTrue(folder);
        var files = Directory.GetFiles(Path.Combine(sandbox.StampliDropFolder, StampliFiles.Outbound));
        files.Length.ShouldBe(1);
        Path.GetFileName(files[0]).ShouldStartWith("invoices_hpus_");
        Csv(await File.ReadAllTextAsync(files[0])).Count.ShouldBeGreaterThan(25);
    }

    /// <summary>A strict little RFC 4180 reader, independent of the generator's writer.</summary>
    private static List<string[]> Csv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); }
            else if (c != '\r') field.Append(c);
        }
        return rows;
    }
}
