using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Files;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Tests.Integration;

/// <summary>The SFTP inbox against a real OpenSSH server (the sshd fixture), through the same guarded, key-pinned sftp as the ping.</summary>
public sealed class SftpFileInboxTests : IClassFixture<SqlitePortal>, IClassFixture<SftpServer>
{
    private readonly SqlitePortal portal;
    private readonly SftpServer server;

    /// <summary>Each test's own folder under the shared server's /outbound, writable by the SFTP user.</summary>
    private readonly string folder = $"/outbound/{Guid.NewGuid():N}";

    public SftpFileInboxTests(SqlitePortal portal, SftpServer server)
    {
        (this.portal, this.server) = (portal, server);
        Directory.CreateDirectory(Outbound);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Outbound, (UnixFileMode)0b111_111_111);
    }

    private string Outbound => server.Root + folder;

    private SftpInbox Inbox(string? remoteFolder = null)
    {
        var sftp = new OpenSshSftp(new OutboundGuard(new DnsHostResolver(), new LoopbackPortSandbox(server.Port)));
        var pinned = File.ReadAllText(server.KnownHostsPath).Split(' ', 2)[1].Trim();
        return new SftpInbox(sftp, new SftpSettings("127.0.0.1", server.Port, SftpServer.User, File.ReadAllText(server.ClientKeyPath), pinned),
            remoteFolder ?? folder, TimeProvider.System);
    }

    private void Drop(string name, string text) => File.WriteAllText(Path.Combine(Outbound, name), text);

    [Fact]
    public async Task PollAsync_MovesTakenFilesToProcessedOrRejected_ReportsWhatItCannotTake_AndASecondPollDoesNothing()
    {
        using var stampli = await TestIntegration.CreateAsync(portal.Host, IntegrationKind.StampliD365);
        Drop("invoices_a.csv", "InvoiceID,Vendor,Amount\r\nINV-1,Acme,10\r\nINV-2,\"Globex\r\nIntl\",20\r\nINV-3,,30\r\n");
        Drop("invoices_b.csv", "not,a,header\n1,2,3\n");
        Drop("invoices_c.csv.part", "InvoiceID,Vendor,Amount\nINV-9,");
        Drop("invoices \"d\".csv", "InvoiceID,Vendor,Amount\nINV-4,Hooli,40\n");
        var poll = stampli.Get<FileInboxPoll>();

        var first = await poll.PollAsync(stampli.Id, Inbox(), FileIntakeTests.Format, FileIntakeTests.Flow, default);

        first.Failure.ShouldBeNull();
        first.Files.Select(f => f.Name).ShouldBe(["invoices \"d\".csv", "invoices_a.csv", "invoices_b.csv"]);
        first.Files[0].Failure!.Message.ShouldContain("rename it on the server");
        first.Files[0].Acceptance.ShouldBeNull();
        var a = first.Files[1];
        (a.Failure, a.MovedTo, a.Acceptance!.File.State, a.Acceptance.File.Path).ShouldBe(
            (null, $"{folder}/processed/invoices_a.csv", InboundFileState.PartlyAccepted, $"{folder}/invoices_a.csv"));
        a.Acceptance.File.RowErrors().Single().ToString().ShouldBe("Line 5, column 'Vendor': The value is missing; this column is required.");
        (first.Files[2].MovedTo, first.Files[2].Acceptance!.File.State).ShouldBe(($"{folder}/rejected/invoices_b.csv", InboundFileState.Rejected));
        FileInboxTests.Names(Outbound).ShouldBe(["invoices \"d\".csv", "invoices_c.csv.part"]);
        FileInboxTests.Names(Path.Combine(Outbound, "processed")).ShouldBe(["invoices_a.csv"]);
        FileInboxTests.Names(Path.Combine(Outbound, "rejected")).ShouldBe(["invoices_b.csv"]);

        var second = await poll.PollAsync(stampli.Id, Inbox(), FileIntakeTests.Format, FileIntakeTests.Flow, default);

        second.Files.Select(f => (f.Name, f.Acceptance)).ShouldBe([("invoices \"d\".csv", (FileAcceptance?)null)], "only the file it cannot take is reported again");
        await using var db = portal.Host.OpenDb(stampli.WorkspaceId);
        (await db.InboundFiles.CountAsync()).ShouldBe(2);
        (await db.SyncRecords.Select(r => r.SourceId).OrderBy(s => s).ToListAsync()).ShouldBe(["INV-1", "INV-2"]);
    }

    [Fact]
    public async Task PollAsync_SameExportUploadedAgainUnderItsName_CreatesNothing_AndDoesNotOverwriteTheProcessedCopy()
    {
        using var stampli = await TestIntegration.CreateAsync(portal.Host, IntegrationKind.StampliD365);
        const string export = "InvoiceID,Vendor,Amount\nINV-7,Acme,70\n";
        Drop("invoices_e.csv", export);
        var poll = stampli.Get<FileInboxPoll>();
        await poll.PollAsync(stampli.Id, Inbox(), FileIntakeTests.Format, FileIntakeTests.Flow, default);
        Drop("invoices_e.csv", export);

        var again = await poll.PollAsync(stampli.Id, Inbox(), FileIntakeTests.Format, FileIntakeTests.Flow, default);

        var file = again.Files.Single();
        (file.Failure, file.Acceptance!.AlreadyReceived, file.Acceptance.Intake.Total).ShouldBe((null, true, 0));
        file.MovedTo.ShouldStartWith($"{folder}/processed/invoices_e.20");
        var processed = FileInboxTests.Names(Path.Combine(Outbound, "processed"));
        processed.Count.ShouldBe(2);
        processed.ShouldAllBe(n => File.ReadAllText(Path.Combine(Outbound, "processed", n)) == export);
        await using var db = portal.Host.OpenDb(stampli.WorkspaceId);
        (await db.InboundFiles.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task PollAsync_MissingFolder_IsAConfigurationFailureNamingIt()
    {
        using var stampli = await TestIntegration.CreateAsync(portal.Host, IntegrationKind.StampliD365);

        var result = await stampli.Get<FileInboxPoll>().PollAsync(stampli.Id, Inbox("/exports"), FileIntakeTests.Format, FileIntakeTests.Flow, default);

        (result.Failure!.Kind, result.Failure.Message).ShouldBe((FailureKind.Configuration, "The folder '/exports' does not exist on the server."));
    }
}
