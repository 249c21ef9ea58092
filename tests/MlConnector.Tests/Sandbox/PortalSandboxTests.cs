using System.Net;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox;

public sealed class PortalSandboxTests
{
    [Fact]
    public async Task Portal_InDevelopment_MountsTheSimulators_WithTheirOwnErrorBodies()
    {
        using var host = await PortalHost.StartAsync(Db.Sqlite);
        using var client = host.CreateBrowserlikeClient();

        (await client.GetStringAsync("sandbox/simulators")).ShouldContain("/sandbox/ramp");
        // A simulator's bare 404 must not be turned into the portal's HTML "not found" page.
        var missing = await client.GetAsync("sandbox/d365/no-such-endpoint");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).ShouldNotContain("We could not find that page");
    }

    [Fact]
    public async Task Portal_WithSandboxDisabled_ServesNoSimulator()
    {
        using var host = await PortalHost.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Sandbox:Enabled"] = "false" });
        using var client = host.CreateBrowserlikeClient();

        (await client.GetAsync("sandbox/simulators")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("sandbox/ramp/_control/faults")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
