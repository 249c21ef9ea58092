using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Files;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Integration;

/// <summary>A delivered file is stored with its rows and errors first; its good rows become records; the same bytes again change nothing.</summary>
public abstract class FileIntakeTests(PortalHost host)
{
    internal const string Flow = "test-invoice-file";

    internal static readonly DelimitedFileFormat Format = new()
    {
        Name = "test-invoices", KeyColumns = ["InvoiceID"], RequiredColumns = ["Vendor", "Amount"], SummaryColumns = ["InvoiceID", "Vendor", "Amount"],
    };

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task AcceptAsync_GoodRows_BecomeRecordsWithTheirSnapshots_AfterTheFileIsStored()
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        var bytes = Utf8("InvoiceID,Vendor,Amount\nINV-1,Acme,10.00\nINV-2,Globex,20.50\n");

        var accepted = await stampli.Get<FileIntake>().AcceptAsync(stampli.Id, "test-invoices", "/outbound/invoices_1.csv", bytes, Format, Flow);

        accepted.AlreadyReceived.ShouldBeFalse();
        accepted.Intake.Created.ShouldBe(2);
        await using var db = host.OpenDb(stampli.WorkspaceId);
        var file = await db.InboundFiles.SingleAsync();
        (file.Source, file.Path, file.State, file.Rows, file.AcceptedRows, file.Size).ShouldBe(("test-invoices", "/outbound/invoices_1.csv", InboundFileState.Accepted, 2, 2, bytes.Length));
        file.ContentHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        file.Content.ShouldBe(Encoding.UTF8.GetString(bytes));
        file.RowErrors().ShouldBeEmpty();
        file.ProcessedAt.ShouldNotBeNull();
        var records = await db.SyncRecords.Where(r => r.IntegrationId == stampli.Id).OrderBy(r => r.SourceId).ToListAsync();
        records.Select(r => (r.Flow, r.SourceId, r.Summary)).ShouldBe([(Flow, "INV-1", "INV-1 · Acme · 10.00"), (Flow, "INV-2", "INV-2 · Globex · 20.50")]);
        JsonSerializer.Deserialize<Dictionary<string, string>>(records[1].SourceSnapshot!)!["Amount"].ShouldBe("20.50");
        var received = await db.AuditEvents.Where(a => a.RecordId == records[0].Id).SingleAsync();
        (received.Action, received.ToState, received.Actor).ShouldBe((AuditAction.Received, SyncState.Pending, "file /outbound/invoices_1.csv"));
    }

    [Fact]
    public async Task AcceptAsync_MalformedRow_IsStoredWithItsLineAndColumn_AndTheOtherRowsStillBecomeRecords()
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);

        var accepted = await stampli.Get<FileIntake>().AcceptAsync(stampli.Id, "test-invoices", "/outbound/invoices_2.csv",
            Utf8("InvoiceID,Vendor,Amount\nINV-1,Acme,10\nINV-2,,20\nINV-3,Initech\nINV-4,Hooli,40\n"), Format, Flow);

        accepted.File.State.ShouldBe(InboundFileState.PartlyAccepted);
        await using var db = host.OpenDb(stampli.WorkspaceId);
        var file = await db.InboundFiles.SingleAsync();
        (file.Rows, file.AcceptedRows).ShouldBe((4, 2));
        file.RowErrors().ShouldBe(
        [
            new FileRowError(3, "Vendor", "The value is missing; this column is required."),
            new FileRowError(4, "Amount", "Expected 3 fields, found 2: the row ends before column 'Amount'."),
        ]);
        file.RowErrorsJson.ShouldContain("\"line\":3");
        (await db.SyncRecords.Where(r => r.IntegrationId == stampli.Id).Select(r => r.SourceId).OrderBy(s => s).ToListAsync()).ShouldBe(["INV-1", "INV-4"]);
    }

    [Fact]
    public async Task AcceptAsync_SameBytesUnderAnotherName_ReturnsTheEarlierFile_AndCreatesNothingNew()
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        var intake = stampli.Get<FileIntake>();
        var bytes = Utf8("InvoiceID,Vendor,Amount\nINV-1,Acme,10\n");
        var first = await intake.AcceptAsync(stampli.Id, "test-invoices", "/outbound/invoices_3.csv", bytes, Format, Flow);
        int audits;
        await using (var db = host.OpenDb(stampli.WorkspaceId)) audits = await db.AuditEvents.CountAsync();

        var again = await intake.AcceptAsync(stampli.Id, "test-invoices", "/outbound/invoices_3 (copy).csv", bytes, Format, Flow);

        again.AlreadyReceived.ShouldBeTrue();
        again.File.Id.ShouldBe(first.File.Id);
        again.File.Path.ShouldBe("/outbound/invoices_3.csv");
        again.Intake.Total.ShouldBe(0);
        await using var after = host.OpenDb(stampli.WorkspaceId);
        (await after.InboundFiles.CountAsync()).ShouldBe(1);
        (await after.SyncRecords.CountAsync()).ShouldBe(1);
        (await after.AuditEvents.CountAsync()).ShouldBe(audits);
    }

    [Fact]
    public async Task AcceptAsync_QuotedValueOverSeveralLines_KeepsTheLaterRowsStoredLineNumbers()
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        const string text = "InvoiceID,Vendor,Amount,Memo\r\nINV-1,Acme,10,\"Two\r\nlines\"\r\nINV-2,,20,\r\nINV-3,Globex,30,\"a\nb\nc\"\r\nINV-4,Hooli,,\r\n";

        await stampli.Get<FileIntake>().AcceptAsync(stampli.Id, "test-invoices", "/outbound/memo.csv", Utf8(text), Format, Flow);

        await using var db = host.OpenDb(stampli.WorkspaceId);
        (await db.InboundFiles.SingleAsync()).RowErrors().Select(e => (e.Line, e.Column)).ShouldBe([(4, "Vendor"), (8, "Amount")]);
        var memo = await db.SyncRecords.Where(r => r.SourceId == "INV-3").Select(r => r.SourceSnapshot).SingleAsync();
        JsonSerializer.Deserialize<Dictionary<string, string>>(memo!)!["Memo"].ShouldBe("a\nb\nc");
    }

    [Theory]
    [InlineData("", "Line 1: The file is empty; expected a header row naming the columns.")]
    [InlineData("INV-1,Acme,10\nINV-2,Globex,20\n", "Line 1: The first line is not a header: it names none of the columns InvoiceID, Vendor, Amount. The first line must name the columns.")]
    public async Task AcceptAsync_EmptyOrHeaderlessFile_IsRejected_AndStillStoredWithItsReason(string text, string reason)
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);

        var accepted = await stampli.Get<FileIntake>().AcceptAsync(stampli.Id, "test-invoices", "/outbound/odd.csv", Utf8(text), Format, Flow);

        accepted.File.State.ShouldBe(InboundFileState.Rejected);
        await using var db = host.OpenDb(stampli.WorkspaceId);
        var file = await db.InboundFiles.SingleAsync();
        (file.State, file.AcceptedRows, file.Content).ShouldBe((InboundFileState.Rejected, 0, text));
        file.RowErrors().Select(e => e.ToString()).ShouldBe([reason]);
        (await db.SyncRecords.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AcceptAsync_FileStoredButNeverHandedOver_IsHandedOverWhenItArrivesAgain()
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        var bytes = Utf8("InvoiceID,Vendor,Amount\nINV-1,Acme,10\n");
        await using (var db = host.OpenDb(stampli.WorkspaceId))
        {
            // What a stop between storing the file and the hand-over leaves behind.
            db.InboundFiles.Add(new InboundFile
            {
                IntegrationId = stampli.Id, Source = "test-invoices", Path = "/outbound/crash.csv", ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                Size = bytes.Length, ReceivedAt = DateTimeOffset.UtcNow, Rows = 1, AcceptedRows = 1, State = InboundFileState.Accepted,
            });
            await db.SaveChangesAsync();
        }

        var again = await stampli.Get<FileIntake>().AcceptAsync(stampli.Id, "test-invoices", "/outbound/crash.csv", bytes, Format, Flow);

        again.AlreadyReceived.ShouldBeTrue();
        again.Intake.Created.ShouldBe(1);
        await using var after = host.OpenDb(stampli.WorkspaceId);
        (await after.InboundFiles.SingleAsync()).ProcessedAt.ShouldNotBeNull();
        (await after.SyncRecords.SingleAsync()).SourceId.ShouldBe("INV-1");
    }

    [Fact]
    public async Task AcceptAsync_ForAnotherWorkspacesIntegration_IsRefused_AndStoresNothing()
    {
        using var mine = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        using var theirs = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);

        await Should.ThrowAsync<KeyNotFoundException>(() => mine.Get<FileIntake>().AcceptAsync(theirs.Id, "test-invoices", "/outbound/x.csv",
            Utf8("InvoiceID,Vendor,Amount\nINV-1,Acme,10\n"), Format, Flow));

        foreach (var workspace in new[] { mine.WorkspaceId, theirs.WorkspaceId })
        {
            await using var db = host.OpenDb(workspace);
            (await db.InboundFiles.CountAsync()).ShouldBe(0);
            (await db.SyncRecords.CountAsync()).ShouldBe(0);
        }
    }
}

public sealed class FileIntakeTestsOnSqlite(SqlitePortal portal) : FileIntakeTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class FileIntakeTestsOnPostgres(PostgresPortal portal) : FileIntakeTests(portal.Host), IClassFixture<PostgresPortal>;
