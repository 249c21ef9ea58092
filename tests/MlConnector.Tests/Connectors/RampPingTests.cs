using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Tests.Connectors;

/// <summary>Ramp's ping through the portal's real connector pipeline, against the mounted Ramp simulator.</summary>
public sealed class RampPingTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    private RampPing Ping => portal.Host.Services.GetRequiredService<RampPing>();

    private RampSimulator Simulator => (RampSimulator)portal.Host.Services.GetRequiredService<SandboxRegistry>()["ramp"];

    private RampCredentials Credentials(string clientId = RampSimulator.DefaultClientId, string secret = RampSimulator.DefaultClientSecret) =>
        new(RampEnvironments.BaseUrl(RampEnvironments.BuiltInSandbox, portal.Host.Services.GetRequiredService<ISandboxEndpoint>())!, clientId, secret);

    [Fact]
    public async Task SandboxApp_PingsGreen_WithEveryRequiredScope()
    {
        var report = await Ping.PingAsync(Credentials(), default);

        report.Ok.ShouldBeTrue(string.Join("; ", report.Steps.Select(s => s.Detail)));
        report.Steps[0].Detail["Granted: ".Length..].Split(", ").ShouldBe(RampClient.RequiredScopes, ignoreOrder: true);
        report.Steps[1].Detail.ShouldStartWith("No accounting connection yet");
        Simulator.Traffic.Since().ShouldContain(r => r.Path.EndsWith("/developer/v1/token") && r.Header("Authorization")!.StartsWith("Basic "));
    }

    [Fact]
    public async Task WrongSecret_SaysRampRefusedTheCredentials_AndWhereToCopyThem()
    {
        var report = await Ping.PingAsync(Credentials(secret: "not-the-secret"), default);

        var failure = report.FirstFailure!;
        failure.Kind.ShouldBe(FailureKind.Auth);
        failure.Message.ShouldBe("Ramp did not accept this client ID and secret.");
        failure.Hint!.ShouldContain("Developer API");
    }

    [Fact]
    public async Task AppMissingScopes_ListsEachMissingScopeByName()
    {
        var clientId = $"restricted-{Guid.NewGuid():N}";
        Simulator.RegisterApp(clientId, "restricted-secret", RampClient.RequiredScopes.Except(["vendors:write", "purchase_orders:read"]));

        var report = await Ping.PingAsync(Credentials(clientId, "restricted-secret"), default);

        report.FirstFailure!.Message.ShouldBe("Your Ramp app is not allowed these scopes: vendors:write, purchase_orders:read.");
    }

    [Fact]
    public async Task RateLimitedTokenCall_IsRetriedAndThePingStillPasses()
    {
        Simulator.Faults.Settings = new FaultSettings { RateLimitNext = 1, RetryAfterSeconds = 0 };
        try
        {
            (await Ping.PingAsync(Credentials(), default)).Ok.ShouldBeTrue();
        }
        finally
        {
            Simulator.Faults.Reset();
        }
    }

    [Fact]
    public async Task RampOutage_IsReportedAsTransient_WithRampsTraceId()
    {
        Simulator.Faults.Settings = new FaultSettings { ServerErrorShare = 1 };
        try
        {
            var failure = (await Ping.PingAsync(Credentials(), default)).FirstFailure!;

            failure.Kind.ShouldBe(FailureKind.Transient);
            failure.Message.ShouldContain("Ramp trace id");
        }
        finally
        {
            Simulator.Faults.Reset();
        }
    }
}
