using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Stampli;

/// <summary>The sshd fixture is a real SFTP server: list, upload, download, rename through OpenSSH's sftp.</summary>
public sealed class SftpServerTests(SftpServer sftp) : IClassFixture<SftpServer>, IDisposable
{
    private readonly string local = Directory.CreateTempSubdirectory("mlc-sftp-client-").FullName;

    [Fact]
    public async Task Root_ListsTheExchangeFolders()
    {
        var result = await sftp.RunAsync("ls -1 /\n");

        result.ExitCode.ShouldBe(0, result.Error);
        Lines(result.Output).ShouldBe(["/archive", "/inbound", "/outbound"], ignoreOrder: true);
    }

    [Fact]
    public async Task UploadRenameDownload_RoundTripsTheFile()
    {
        var source = Path.Combine(local, "vendors.csv");
        await File.WriteAllTextAsync(source, "VendorID,Name\r\nV00001,\"Summit, Software\"\r\n");

        var upload = await sftp.RunAsync($"put \"{source}\" /inbound/vendors.csv.tmp\nrename /inbound/vendors.csv.tmp /inbound/vendors.csv\nls -1 /inbound\n");
        upload.ExitCode.ShouldBe(0, upload.Error);
        Lines(upload.Output).ShouldBe(["/inbound/vendors.csv"]);

        var copy = Path.Combine(local, "copy.csv");
        var download = await sftp.RunAsync($"get /inbound/vendors.csv \"{copy}\"\nrename /inbound/vendors.csv /archive/vendors.csv\n");
        download.ExitCode.ShouldBe(0, download.Error);
        (await File.ReadAllTextAsync(copy)).ShouldBe(await File.ReadAllTextAsync(source));
        File.Exists(Path.Combine(sftp.Root, "archive", "vendors.csv")).ShouldBeTrue();
        File.Exists(Path.Combine(sftp.Root, "inbound", "vendors.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task MissingFile_FailsTheBatchWithExitCode1()
    {
        var result = await sftp.RunAsync($"get /outbound/not-there.csv \"{Path.Combine(local, "x")}\"\n");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("not found", Case.Insensitive);
    }

    [Fact]
    public async Task WrongPinnedHostKey_IsRefusedWithExitCode255()
    {
        var otherKey = Path.Combine(local, "other");
        System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey])!.WaitForExit();
        var parts = (await File.ReadAllTextAsync(otherKey + ".pub")).Split(' ');
        var knownHosts = Path.Combine(local, "known_hosts");
        await File.WriteAllTextAsync(knownHosts, $"[127.0.0.1]:{sftp.Port} {parts[0]} {parts[1]}\n");

        var result = await sftp.RunAsync("ls /\n", knownHosts);

        result.ExitCode.ShouldBe(255);
        result.Error.ShouldContain("HOST IDENTIFICATION HAS CHANGED");
    }

    [Fact]
    public void HostKeyFingerprint_IsTheSha256FormSshShows() =>
        sftp.HostKeyFingerprint.ShouldStartWith("SHA256:");

    // Batch mode echoes each command as "sftp> …": keep only what the server listed.
    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("sftp>", StringComparison.Ordinal)).ToArray();

    public void Dispose() => Directory.Delete(local, recursive: true);
}
