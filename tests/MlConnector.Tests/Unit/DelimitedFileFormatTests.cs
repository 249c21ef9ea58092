using System.Text;
using System.Text.Json;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Stampli;
using MlConnector.Web.Features.Files;

namespace MlConnector.Tests.Unit;

/// <summary>The generic CSV format: every good row becomes a keyed snapshot; every bad one names its physical line and column.</summary>
public sealed class DelimitedFileFormatTests
{
    private static readonly DelimitedFileFormat Invoices = new()
    {
        Name = "test-invoices", KeyColumns = ["InvoiceID"], RequiredColumns = ["Vendor", "Amount"], SummaryColumns = ["InvoiceID", "Vendor"],
    };

    private static string[] Errors(ParsedFile parsed) => parsed.Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Parse_GoodFile_GivesEveryRowWithItsLineKeySnapshotAndSummary()
    {
        var parsed = Invoices.Parse("InvoiceID,Vendor,Amount,Memo\r\nINV-1,Acme,10.00,first\r\nINV-2,Globex,20.50,\r\n");

        parsed.Errors.ShouldBeEmpty();
        parsed.State.ShouldBe(InboundFileState.Accepted);
        parsed.DataRows.ShouldBe(2);
        parsed.Rows.Select(r => (r.Line, r.SourceId, r.Summary)).ShouldBe([(2, "INV-1", "INV-1 · Acme"), (3, "INV-2", "INV-2 · Globex")]);
        JsonSerializer.Deserialize<Dictionary<string, string>>(parsed.Rows[0].Snapshot).ShouldBe(new Dictionary<string, string>
        {
            ["InvoiceID"] = "INV-1", ["Vendor"] = "Acme", ["Amount"] = "10.00", ["Memo"] = "first",
        });
        parsed.Rows[0].Snapshot.ShouldStartWith("{\"InvoiceID\":", customMessage: "the snapshot keeps the file's column order");
    }

    [Fact]
    public void Parse_MissingRequiredValue_IsAnErrorNamingLineAndColumn_AndTheOtherRowsStillCount()
    {
        var parsed = Invoices.Parse("InvoiceID,Vendor,Amount\nINV-1,Acme,10\nINV-2,,20\nINV-3,Initech,30\n");

        Errors(parsed).ShouldBe(["Line 3, column 'Vendor': The value is missing; this column is required."]);
        parsed.Rows.Select(r => r.SourceId).ShouldBe(["INV-1", "INV-3"]);
        parsed.State.ShouldBe(InboundFileState.PartlyAccepted);
        parsed.DataRows.ShouldBe(3);
    }

    [Fact]
    public void Parse_WrongFieldCount_NamesTheLineAndTheFirstMissingColumn()
    {
        var parsed = Invoices.Parse("InvoiceID,Vendor,Amount\nINV-1,Acme\nINV-2,Globex,20,extra\nINV-3,Initech,30\n");

        Errors(parsed).ShouldBe(
        [
            "Line 2, column 'Amount': Expected 3 fields, found 2: the row ends before column 'Amount'.",
            "Line 3: Expected 3 fields, found 4: the header names only 3 columns (the last is 'Amount').",
        ]);
        parsed.Rows.Single().SourceId.ShouldBe("INV-3");
    }

    [Fact]
    public void Parse_QuotedValueOverSeveralLines_KeepsEveryLaterRowOnItsPhysicalLine()
    {
        var parsed = Invoices.Parse("InvoiceID,Vendor,Amount,Memo\r\nINV-1,Acme,10,\"three\r\nline\r\nmemo\"\r\nINV-2,,20,\r\nINV-3,\"Globex, \"\"Intl\"\"\",30,x\r\n");

        Errors(parsed).ShouldBe(["Line 5, column 'Vendor': The value is missing; this column is required."]);
        parsed.Rows.Select(r => r.Line).ShouldBe([2, 6]);
        JsonSerializer.Deserialize<Dictionary<string, string>>(parsed.Rows[0].Snapshot)!["Memo"].ShouldBe("three\r\nline\r\nmemo");
        JsonSerializer.Deserialize<Dictionary<string, string>>(parsed.Rows[1].Snapshot)!["Vendor"].ShouldBe("Globex, \"Intl\"");
    }

    [Fact]
    public void Parse_DuplicateKey_IsAnErrorOnTheLaterLine()
    {
        var parsed = Invoices.Parse("InvoiceID,Vendor,Amount\nINV-1,Acme,10\nINV-2,Globex,20\n INV-1 ,Acme,11\n");

        Errors(parsed).ShouldBe(["Line 4, column 'InvoiceID': Duplicate key 'INV-1': line 2 has the same key, so this row was not taken."]);
        parsed.Rows.Select(r => (r.Line, r.SourceId)).ShouldBe([(2, "INV-1"), (3, "INV-2")]);
    }

    [Fact]
    public void Parse_CompositeKey_JoinsTheParts_WithoutTwoKeysEverMeeting()
    {
        var lines = new DelimitedFileFormat { Name = "lines", KeyColumns = ["Invoice", "Line"] };

        var parsed = lines.Parse("Invoice,Line\nA/B,1\nA,B/1\nA,1\nA,2\nA,1\n");

        parsed.Rows.Select(r => r.SourceId).ShouldBe(["A%2FB/1", "A/B%2F1", "A/1", "A/2"]);
        Errors(parsed).ShouldBe(["Line 6, column 'Invoice + Line': Duplicate key 'A/1': line 4 has the same key, so this row was not taken."]);
    }

    [Fact]
    public void Parse_SemicolonFileWithDecimalCommasAndABom_IsSplitOnSemicolons()
    {
        var parsed = Invoices.Parse("\uFEFFInvoiceID;Vendor;Amount\nINV-1;Acme;10,50\nINV-2;Globex;1,2,3\n");

        parsed.Errors.ShouldBeEmpty();
        JsonSerializer.Deserialize<Dictionary<string, string>>(parsed.Rows[1].Snapshot)!["Amount"].ShouldBe("1,2,3");
    }

    [Fact]
    public void Parse_ExcelSeparatorLine_IsHonoured_AndLinesStillCountIt()
    {
        var parsed = Invoices.Parse("sep=;\nInvoiceID;Vendor;Amount\nINV-1;Acme;10\nINV-2;;20\n");

        parsed.Rows.Single().Line.ShouldBe(3);
        Errors(parsed).ShouldBe(["Line 4, column 'Vendor': The value is missing; this column is required."]);
    }

    [Fact]
    public void Parse_BlankLinesAndEmptyRows_AreNotRows_ButStillCountAsLines()
    {
        var parsed = Invoices.Parse("InvoiceID,Vendor,Amount\n\nINV-1,Acme,10\n,,\n   \nINV-2,,20\n");

        parsed.DataRows.ShouldBe(2);
        parsed.Rows.Single().Line.ShouldBe(3);
        Errors(parsed).ShouldBe(["Line 6, column 'Vendor': The value is missing; this column is required."]);
    }

    [Fact]
    public void Parse_UnclosedQuote_NamesItsLine_AndKeepsTheRowsBeforeIt()
    {
        var parsed = Invoices.Parse("InvoiceID,Vendor,Amount\nINV-1,Acme,10\nINV-2,\"Globex,20\nINV-3,Initech,30\n");

        parsed.Rows.Single().SourceId.ShouldBe("INV-1");
        parsed.Errors.Single().Line.ShouldBe(3);
        parsed.Errors.Single().Message.ShouldContain("never closed");
    }

    [Fact]
    public void Parse_TextAfterAClosingQuote_IsARowError_ButAStrayQuoteInsideAValueIsKept()
    {
        var parsed = Invoices.Parse("InvoiceID,Vendor,Amount,Memo\nINV-1,\"Acme\" Inc,10,x\nINV-2,Globex,20,12\" pipe\n");

        parsed.Errors.Single().Line.ShouldBe(2);
        parsed.Errors.Single().Message.ShouldContain("quote the whole value");
        JsonSerializer.Deserialize<Dictionary<string, string>>(parsed.Rows.Single().Snapshot)!["Memo"].ShouldBe("12\" pipe");
    }

    [Theory]
    [InlineData("", "Line 1: The file is empty; expected a header row naming the columns.")]
    [InlineData("InvoiceID,Vendor,Amount\r\n", "Line 1: The file has no rows below its header.")]
    [InlineData("INV-1,Acme,10\nINV-2,Globex,20\n", "Line 1: The first line is not a header: it names none of the columns InvoiceID, Vendor, Amount. The first line must name the columns.")]
    [InlineData("InvoiceID,Vendor\nINV-1,Acme\n", "Line 1, column 'Amount': The header lacks this required column.")]
    [InlineData("InvoiceID,Vendor,Amount,vendor\nINV-1,Acme,10,x\n", "Line 1, column 'vendor': The header names this column twice.")]
    [InlineData("InvoiceID,Vendor,Amount,\nINV-1,Acme,10,\n", "Line 1: Column 4 of the header has no name.")]
    public void Parse_FileWithoutAUsableHeader_IsRejectedWithAClearReason(string text, string expected)
    {
        var parsed = Invoices.Parse(text);

        parsed.State.ShouldBe(InboundFileState.Rejected);
        parsed.Rows.ShouldBeEmpty();
        Errors(parsed).ShouldBe([expected]);
    }

    [Fact]
    public void Parse_HeaderNamesMatchIgnoringCase_AndTheSnapshotUsesTheFormatsSpelling()
    {
        var parsed = Invoices.Parse(" invoiceid ,VENDOR,amount\nINV-1,Acme,10\n");

        parsed.Rows.Single().Snapshot.ShouldBe("{\"InvoiceID\":\"INV-1\",\"Vendor\":\"Acme\",\"Amount\":\"10\"}");
    }

    [Fact]
    public void Parse_WithAClosedColumnList_RejectsAFileWithAnUnknownColumn()
    {
        var strict = new DelimitedFileFormat { Name = "strict", KeyColumns = ["Id"], OptionalColumns = ["Memo"] };

        strict.Parse("Id,Memo\n1,x\n").Errors.ShouldBeEmpty();
        Errors(strict.Parse("Id,Memo,Colour\n1,x,red\n")).ShouldBe(["Line 1, column 'Colour': Unknown column. The columns of a strict file are: Id, Memo."]);
    }

    [Fact]
    public void Parse_KeyLongerThanARecordHolds_IsARowError()
    {
        var parsed = Invoices.Parse($"InvoiceID,Vendor,Amount\n{new string('k', 201)},Acme,10\nINV-2,Globex,20\n");

        Errors(parsed).ShouldBe(["Line 2, column 'InvoiceID': The key is 201 characters long; at most 200 fit."]);
        parsed.Rows.Single().SourceId.ShouldBe("INV-2");
    }

    [Fact]
    public void Parse_StampliExportWithDefects_ReportsTheStructurallyBrokenLines_AndTakesEveryOtherRow()
    {
        var generator = new StampliExportGenerator(SandboxCompanyGenerator.Generate());
        var export = generator.Invoices("hpus", 30, new DateTimeOffset(2026, 11, 16, 6, 30, 0, TimeSpan.Zero), defects: 6, seed: 5);
        var format = new DelimitedFileFormat
        {
            Name = "stampli-invoices", KeyColumns = ["StampliInvoiceID", "LineNumber"], OptionalColumns = StampliFiles.InvoiceColumns,
            RequiredColumns = ["LegalEntity", "VendorID", "InvoiceNumber", "InvoiceDate", "Currency", "InvoiceTotal", "LineAmount"],
        };

        var parsed = format.Parse(export.Content);

        // Only these two are the file format's business; a bad date or amount, or an unknown vendor, is the flow's.
        var structural = export.Defects.Where(d => d.Value is RowDefect.MissingInvoiceNumber or RowDefect.MissingColumns).Select(d => d.Key).Order();
        parsed.Errors.Select(e => e.Line).Distinct().ShouldBe(structural);
        parsed.Errors.ShouldContain(e => e.Column == "InvoiceNumber" && e.Line == export.Defects.Single(d => d.Value == RowDefect.MissingInvoiceNumber).Key);
        parsed.Rows.Count.ShouldBe(export.DataLines.Count - 2);
        parsed.Rows.Select(r => r.Line).ShouldBe(export.DataLines.Except(structural));
    }
}

/// <summary>Bytes to text: UTF-8 with or without a BOM; anything else is named with its line and offset.</summary>
public sealed class FileTextTests
{
    [Fact]
    public void Decode_Utf8WithOrWithoutBom_GivesTheSameText()
    {
        var plain = Encoding.UTF8.GetBytes("Vendor\nSkåne Møbler\n");

        FileText.Decode(plain).ShouldBe(("Vendor\nSkåne Møbler\n", null));
        FileText.Decode([.. Encoding.UTF8.Preamble, .. plain]).ShouldBe(("Vendor\nSkåne Møbler\n", null));
    }

    [Fact]
    public void Decode_Latin1Bytes_AreReportedByLineAndOffset()
    {
        var latin1 = Encoding.Latin1.GetBytes("Vendor\nAcme\nSkåne\n");

        var (text, error) = FileText.Decode(latin1);

        error.ShouldNotBeNull();
        error.ToString().ShouldBe("Line 3: The file is not UTF-8 text: byte 0xE5 at offset 14 is not valid there. Export the file as UTF-8.");
        text.ShouldContain("Sk\uFFFDne", customMessage: "a lossy copy is kept for a person to look at");
    }

    [Fact]
    public void Decode_Utf16_SaysSo()
    {
        FileText.Decode([.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes("Vendor\n")]).Error!.Message.ShouldBe("The file is UTF-16 text; export it as UTF-8.");
    }
}
