using System.Net;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Tests.Connectors;

/// <summary>A server that takes a password: sftp in batch mode, the password through SSH_ASKPASS.</summary>
public sealed class StampliPasswordTests : IAsyncLifetime
{
    private readonly SftpServer server = new() { AllowPasswords = true };

    private StampliPing Ping => new(new OpenSshSftp(new OutboundGuard(new DnsHostResolver(), new LoopbackPortSandbox(server.Port))));

    private SftpSettings Settings(string password) =>
        new("127.0.0.1", server.Port, SftpServer.User, PrivateKey: "", File.ReadAllText(server.KnownHostsPath).Split(' ', 2)[1].Trim(), Password: password);

    public Task InitializeAsync() => server.InitializeAsync();

    [Fact]
    public async Task RightPassword_PingsGreen()
    {
        var result = await Ping.PingAsync(Settings(SftpServer.Password), default);

        result.Report.Ok.ShouldBeTrue(string.Join("; ", result.Report.Steps.Select(s => s.Detail)));
    }

    [Fact]
    public async Task WrongPassword_SaysThePasswordWasRefused()
    {
        var failure = (await Ping.PingAsync(Settings("not-the-password"), default)).Report.FirstFailure!;

        failure.Kind.ShouldBe(FailureKind.Auth);
        failure.Message.ShouldBe($"The server refused the password for user '{SftpServer.User}'.");
    }

    public Task DisposeAsync() => server.DisposeAsync();
}
