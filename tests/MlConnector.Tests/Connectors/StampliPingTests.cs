using System.Net;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Tests.Connectors;

/// <summary>Stampli's ping against a real OpenSSH server (the sshd fixture).</summary>
public sealed class StampliPingTests(SftpServer server) : IClassFixture<SftpServer>
{
    // The fixture listens on loopback, which the guard refuses to everyone but an allowed local endpoint.
    private StampliPing Ping => new(new OpenSshSftp(new OutboundGuard(new DnsHostResolver(), new LoopbackPortSandbox(server.Port))));

    private SftpSettings Settings(string? pinned = null) =>
        new("127.0.0.1", server.Port, SftpServer.User, File.ReadAllText(server.ClientKeyPath), pinned);

    private string ServerKey => File.ReadAllText(server.KnownHostsPath).Split(' ', 2)[1].Trim();

    [Fact]
    public async Task FirstPing_ShowsTheFingerprintToConfirm_AndTransfersNothing()
    {
        var result = await Ping.PingAsync(Settings(), default);

        result.Report.Ok.ShouldBeFalse();
        result.OfferedHostKey!.Fingerprint.ShouldBe(server.HostKeyFingerprint);
        result.Report.Steps.Select(s => (s.Name, s.Ok)).ShouldBe([("Reach the server", true), ("Confirm the server's key", false)]);
        result.Report.FirstFailure!.Hint!.ShouldContain(server.HostKeyFingerprint);
    }

    [Fact]
    public async Task PingWithConfirmedKey_IsGreen_AndLeavesNoProbeBehind()
    {
        var result = await Ping.PingAsync(Settings(ServerKey), default);

        result.Report.Ok.ShouldBeTrue(string.Join("; ", result.Report.Steps.Select(s => $"{s.Name}: {s.Detail}")));
        result.Report.Steps.Select(s => s.Name).ShouldBe(["Reach the server", "Confirm the server's key", "Sign in and find the folders", "Write and delete a probe file"]);
        Directory.GetFiles(Path.Combine(server.Root, "inbound")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ChangedHostKey_FailsLoudly_BeforeSigningIn()
    {
        var otherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHN0YW1wbGktc2FuZGJveC1mYWtlLWtleS0xMjM0NTY3OA==";

        var result = await Ping.PingAsync(Settings(otherKey), default);

        var failure = result.Report.FirstFailure!;
        failure.Message.ShouldContain("does not match the one you confirmed");
        failure.Hint!.ShouldContain("intercepts");
        result.Report.Steps.ShouldNotContain(s => s.Name == "Sign in and find the folders");
    }

    [Fact]
    public async Task SftpRun_WithChangedHostKey_IsRefusedByOpenSsh()
    {
        var sftp = new OpenSshSftp(new OutboundGuard(new DnsHostResolver(), new LoopbackPortSandbox(server.Port)));
        var settings = Settings("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHN0YW1wbGktc2FuZGJveC1mYWtlLWtleS0xMjM0NTY3OA==");

        var outcome = await sftp.RunAsync(settings, "ls /\n", default);

        outcome.ExitCode.ShouldBe(255);
        SftpErrors.Translate(outcome, settings).Message.ShouldContain("does not match");
    }

    [Fact]
    public async Task WrongKey_SaysTheServerRefusedItForTheUser()
    {
        var stranger = Path.Combine(Path.GetTempPath(), $"mlc-key-{Guid.NewGuid():N}");
        System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger])!.WaitForExit();
        try
        {
            var result = await Ping.PingAsync(Settings(ServerKey) with { PrivateKey = File.ReadAllText(stranger) }, default);

            var failure = result.Report.FirstFailure!;
            failure.Kind.ShouldBe(FailureKind.Auth);
            failure.Message.ShouldBe($"The server refused the key for user '{SftpServer.User}'.");
        }
        finally
        {
            File.Delete(stranger);
            File.Delete(stranger + ".pub");
        }
    }

    [Fact]
    public async Task MissingFolder_IsNamed()
    {
        var result = await Ping.PingAsync(Settings(ServerKey) with { ArchiveFolder = "/processed" }, default);

        result.Report.FirstFailure!.Message.ShouldBe("The folder '/processed' does not exist on the server.");
    }

    [Fact]
    public async Task GarbledKey_AsksForTheWholeKey()
    {
        var result = await Ping.PingAsync(Settings(ServerKey) with { PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----" }, default);

        result.Report.FirstFailure!.Hint!.ShouldContain("BEGIN and END lines");
    }

    [Fact]
    public async Task NothingListening_SaysNoSshServerAnswered()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var ping = new StampliPing(new OpenSshSftp(new OutboundGuard(new DnsHostResolver(), new LoopbackPortSandbox(closedPort))));

        var result = await ping.PingAsync(Settings(ServerKey) with { Port = closedPort }, default);

        result.Report.FirstFailure!.Message.ShouldBe($"No SSH server answered on 127.0.0.1:{closedPort}.");
        result.Report.FirstFailure.Hint!.ShouldBe("Check the host and the port.");
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("169.254.169.254")]
    [InlineData("127.0.0.1")]
    public async Task PrivateHost_IsRefusedWithoutConnecting(string host)
    {
        var strictPing = new StampliPing(new OpenSshSftp(new OutboundGuard(new DnsHostResolver(), LoopbackPortSandbox.None)));

        var result = await strictPing.PingAsync(Settings(ServerKey) with { Host = host, Port = 22 }, default);

        result.Report.FirstFailure!.Message.ShouldContain("private or internal address");
        result.OfferedHostKey.ShouldBeNull();
    }
}
