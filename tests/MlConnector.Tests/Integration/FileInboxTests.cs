using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Files;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Tests.Integration;

/// <summary>A drop-folder inbox: every waiting file is taken once, then moved aside; nothing is lost, nothing is taken twice.</summary>
public abstract class FileInboxTests(PortalHost host) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlc-inbox-").FullName;

    [Fact]
    public async Task PollAsync_MovesTakenFilesAside_LeavesUnfinishedOnes_AndASecondPollDoesNothing()
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        File.WriteAllText(Path.Combine(folder, "invoices_001.csv"), "InvoiceID,Vendor,Amount\nINV-1,Acme,10\nINV-2,,20\n");
        File.WriteAllText(Path.Combine(folder, "invoices_002.csv"), "");
        File.WriteAllText(Path.Combine(folder, "invoices_003.csv.tmp"), "InvoiceID,Vendor,Amount\nINV-9,Half,");
        File.WriteAllText(Path.Combine(folder, ".mlc-probe.tmp"), "probe");
        var poll = stampli.Get<FileInboxPoll>();
        var inbox = new DropFolderInbox(folder, TimeProvider.System);

        var first = await poll.PollAsync(stampli.Id, inbox, FileIntakeTests.Format, FileIntakeTests.Flow, default);

        first.IsOk.ShouldBeTrue(string.Join("; ", first.Files.Select(f => f.Failure?.Message)));
        first.Files.Select(f => (f.Name, f.Acceptance!.File.State)).ShouldBe(
            [("invoices_001.csv", InboundFileState.PartlyAccepted), ("invoices_002.csv", InboundFileState.Rejected)]);
        Names(folder).ShouldBe([".mlc-probe.tmp", "invoices_003.csv.tmp"]);
        Names(Path.Combine(folder, "processed")).ShouldBe(["invoices_001.csv"]);
        Names(Path.Combine(folder, "rejected")).ShouldBe(["invoices_002.csv"]);
        first.Files[0].MovedTo.ShouldBe(Path.Combine(folder, "processed", "invoices_001.csv"));
        first.Files[0].Acceptance!.File.Path.ShouldBe(Path.Combine(folder, "invoices_001.csv"));

        var second = await poll.PollAsync(stampli.Id, inbox, FileIntakeTests.Format, FileIntakeTests.Flow, default);

        second.Files.ShouldBeEmpty();
        await using var db = host.OpenDb(stampli.WorkspaceId);
        (await db.InboundFiles.CountAsync()).ShouldBe(2);
        (await db.SyncRecords.Select(r => r.SourceId).ToListAsync()).ShouldBe(["INV-1"]);
    }

    [Fact]
    public async Task PollAsync_SameExportDeliveredAgain_IsRecognised_AndKeptBesideTheFirstWithoutOverwritingIt()
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        const string export = "InvoiceID,Vendor,Amount\nINV-1,Acme,10\n";
        File.WriteAllText(Path.Combine(folder, "invoices.csv"), export);
        var poll = stampli.Get<FileInboxPoll>();
        var inbox = new DropFolderInbox(folder, TimeProvider.System);
        await poll.PollAsync(stampli.Id, inbox, FileIntakeTests.Format, FileIntakeTests.Flow, default);
        File.WriteAllText(Path.Combine(folder, "invoices.csv"), export);
        File.WriteAllText(Path.Combine(folder, "invoices-resent.csv"), export);

        var again = await poll.PollAsync(stampli.Id, inbox, FileIntakeTests.Format, FileIntakeTests.Flow, default);

        again.Files.ShouldAllBe(f => f.Acceptance!.AlreadyReceived && f.Acceptance.Intake.Total == 0 && f.Failure == null);
        Names(folder).ShouldBeEmpty();
        var processed = Names(Path.Combine(folder, "processed"));
        processed.Count.ShouldBe(3);
        processed.ShouldContain("invoices.csv");
        processed.ShouldContain("invoices-resent.csv");
        processed.ShouldContain(n => n.StartsWith("invoices.20", StringComparison.Ordinal) && n.EndsWith(".csv", StringComparison.Ordinal));
        await using var db = host.OpenDb(stampli.WorkspaceId);
        (await db.InboundFiles.CountAsync()).ShouldBe(1);
        (await db.SyncRecords.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task PollAsync_MissingFolder_SaysWhichFolder_AndTakesNothing()
    {
        using var stampli = await TestIntegration.CreateAsync(host, IntegrationKind.StampliD365);
        var missing = Path.Combine(folder, "nowhere");

        var result = await stampli.Get<FileInboxPoll>().PollAsync(stampli.Id, new DropFolderInbox(missing, TimeProvider.System),
            FileIntakeTests.Format, FileIntakeTests.Flow, default);

        result.Failure!.Message.ShouldBe($"The folder '{missing}' does not exist.");
    }

    internal static List<string> Names(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList() : [];

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

public sealed class FileInboxTestsOnSqlite(SqlitePortal portal) : FileInboxTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class FileInboxTestsOnPostgres(PostgresPortal portal) : FileInboxTests(portal.Host), IClassFixture<PostgresPortal>;
