using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Connectors;

/// <summary>"Ping" must not become a scan of the internal network.</summary>
public sealed class OutboundGuardTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Theory]
    [InlineData("http://127.0.0.1:{port}/")]
    [InlineData("http://localhost:{port}/")]
    [InlineData("http://10.0.0.5/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:{port}/")]
    public async Task Guard_PrivateOrLoopbackTarget_IsRefusedBeforeAnyConnection(string template)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new HttpClient(portal.Host.Services.GetRequiredService<OutboundGuard>().CreateHandler());

        var error = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(template.Replace("{port}", port.ToString())));

        error.InnerException.ShouldBeOfType<OutboundBlockedException>().Message.ShouldContain("private or internal address");
        listener.Pending().ShouldBeFalse("no connection may reach the internal service");
        HttpFailureClassifier.Classify(error).Kind.ShouldBe(FailureKind.Configuration);
    }

    [Fact]
    public async Task Guard_NameResolvingToAPrivateAddress_IsRefused()
    {
        var guard = new OutboundGuard(new FixedResolver(("intranet.contoso.example", ["20.50.2.4", "10.20.30.40"])), LoopbackPortSandbox.None);

        var error = await Should.ThrowAsync<OutboundBlockedException>(() => guard.ResolveAllowedAsync("intranet.contoso.example", 443, default));

        error.Message.ShouldContain("10.20.30.40");
    }

    [Fact]
    public async Task Guard_NameResolvingToPublicAddresses_IsAllowed()
    {
        var guard = new OutboundGuard(new FixedResolver(("contoso.operations.dynamics.com", ["20.50.2.4"])), LoopbackPortSandbox.None);

        (await guard.ResolveAllowedAsync("contoso.operations.dynamics.com", 443, default)).ShouldBe([IPAddress.Parse("20.50.2.4")]);
    }

    [Fact]
    public async Task Guard_InSandboxMode_LetsThePortalReachItsOwnSimulators_AndNothingElseLocal()
    {
        var host = portal.Host;
        using var client = new HttpClient(host.Services.GetRequiredService<OutboundGuard>().CreateHandler());

        (await client.GetAsync(new Uri(host.BaseAddress, "sandbox/ramp/_control/faults"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{PostgresServer.Shared.Port}/"));
    }

    [Fact]
    public async Task SystemHostHandler_HostOutsideTheAllowList_IsRefused()
    {
        var sandbox = portal.Host.Services.GetRequiredService<ISandboxEndpoint>();
        using var client = new HttpClient(new SystemHostHandler(ExternalSystem.Ramp, sandbox) { InnerHandler = new HttpClientHandler() });

        var error = await Should.ThrowAsync<OutboundBlockedException>(() => client.GetAsync("https://evil.example/developer/v1/token"));

        error.Message.ShouldContain("is not a Ramp address");
        sandbox.IsSandbox(new Uri(portal.Host.BaseAddress, "sandbox/ramp/developer/v1/token")).ShouldBeTrue();
        sandbox.IsSandbox(new Uri(portal.Host.BaseAddress, "account/login")).ShouldBeFalse("only the simulators, not the portal itself");
    }

    private sealed class FixedResolver(params (string Host, string[] Addresses)[] entries) : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            Task.FromResult(entries.Single(e => e.Host == host).Addresses.Select(IPAddress.Parse).ToArray());
    }
}
