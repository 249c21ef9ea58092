using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;
using SandboxApp = MlConnector.Sandbox.D365.D365Client;

namespace MlConnector.Tests.Connectors;

/// <summary>Dynamics 365's ping: MSAL through the portal's pipeline, against the mounted D365 simulator.</summary>
public sealed class D365PingTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    private D365Ping Ping => portal.Host.Services.GetRequiredService<D365Ping>();

    private D365Simulator Simulator => (D365Simulator)portal.Host.Services.GetRequiredService<SandboxRegistry>()["d365"];

    private D365Credentials Credentials(string? tenant = null, string? clientId = null, string? secret = null, string legalEntity = "hpus") =>
        new(new Uri(portal.Host.Services.GetRequiredService<ISandboxEndpoint>().SimulatorBase("d365")!.ToString().TrimEnd('/')),
            tenant ?? D365SandboxApp.TenantId, clientId ?? D365SandboxApp.ClientId, secret ?? D365SandboxApp.ClientSecret, legalEntity);

    private int TokenRequests(long after) => Simulator.Traffic.Since(after).Count(r => r.Path.EndsWith("/oauth2/v2.0/token"));

    [Fact]
    public async Task SandboxApp_PingsGreen_AndTheTokenIsCachedBetweenPings()
    {
        var before = Simulator.Traffic.LastSequence;
        var credentials = Credentials(clientId: NewApp());

        var report = await Ping.PingAsync(credentials, default);
        (await Ping.PingAsync(credentials, default)).Ok.ShouldBeTrue();

        report.Ok.ShouldBeTrue(string.Join("; ", report.Steps.Select(s => s.Detail)));
        report.Steps.Select(s => s.Name).ShouldBe(["Get a token from Microsoft Entra ID", "Find the legal entity", "Read a main account"]);
        TokenRequests(before).ShouldBe(1, "the second ping uses the cached token");
    }

    [Fact]
    public async Task ExpiredToken_IsRefreshedOnceAndTheCallRetried()
    {
        var credentials = Credentials(clientId: NewApp());
        (await Ping.PingAsync(credentials, default)).Ok.ShouldBeTrue();
        var before = Simulator.Traffic.LastSequence;

        Simulator.Faults.ExpireTokensNow();
        var report = await Ping.PingAsync(credentials, default);

        report.Ok.ShouldBeTrue(string.Join("; ", report.Steps.Select(s => s.Detail)));
        TokenRequests(before).ShouldBe(1);
    }

    [Fact]
    public async Task AppNotRegisteredInFinance_SaysWhereToRegisterIt_AfterOneRetry()
    {
        var clientId = $"unregistered-{Guid.NewGuid():N}";
        Simulator.RegisterClient(new SandboxApp(D365SandboxApp.TenantId, clientId, "s3cret", "hpus", RegisteredInFinance: false));
        var before = Simulator.Traffic.LastSequence;

        var failure = (await Ping.PingAsync(Credentials(clientId: clientId, secret: "s3cret"), default)).FirstFailure!;

        failure.Message.ShouldBe("Dynamics 365 refused a valid token from Microsoft Entra ID.");
        failure.Hint!.ShouldContain("System administration > Setup > Microsoft Entra applications");
        Simulator.Traffic.Since(before).Count(r => r.Path.EndsWith("/data/LegalEntities")).ShouldBe(2, "refresh once, retry once, then stop");
    }

    [Theory]
    [InlineData("tenant", "does not know the tenant")]
    [InlineData("client", "No application with client ID")]
    [InlineData("secret", "refused the client secret")]
    public async Task EntraRefusals_AreTranslated(string wrong, string expected)
    {
        var credentials = wrong switch
        {
            "tenant" => Credentials(tenant: "00000000-0000-0000-0000-00000000dead"),
            "client" => Credentials(clientId: "11111111-2222-3333-4444-555555555555"),
            _ => Credentials(clientId: NewApp(), secret: "not-the-secret"),
        };

        var failure = (await Ping.PingAsync(credentials, default)).FirstFailure!;

        failure.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task UnknownLegalEntity_ListsTheOnesThatExist()
    {
        var failure = (await Ping.PingAsync(Credentials(clientId: NewApp(), legalEntity: "usmf"), default)).FirstFailure!;

        failure.Kind.ShouldBe(FailureKind.Configuration);
        failure.Message.ShouldBe("Legal entity 'usmf' does not exist in this environment.");
        failure.Hint!.ShouldContain("hpno, hpuk, hpus");
    }

    /// <summary>A fresh app registration, so each test has its own MSAL token cache.</summary>
    private string NewApp()
    {
        var clientId = $"app-{Guid.NewGuid():N}";
        Simulator.RegisterClient(new SandboxApp(D365SandboxApp.TenantId, clientId, D365SandboxApp.ClientSecret, "hpus"));
        return clientId;
    }
}
