using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlConnector.Sandbox.Ramp;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Tests.Integration;

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task SavingAndPingingACredential_WritesNeitherTheSecretNorTheToken_EvenAtDebugLevel()
    {
        var sink = new LogSink();
        using var host = await PortalHost.StartAsync(Db.Sqlite,
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Debug", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug", ["Logging:Console:LogLevel:Default"] = "None" },
            services => services.AddSingleton<ILoggerProvider>(sink));
        Guid workspaceId;
        using (var client = host.CreateBrowserlikeClient()) workspaceId = await SsrForms.RegisterWorkspaceAsync(client, SsrForms.Account(60), "Log Audit Co");

        using var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
        var store = scope.ServiceProvider.GetRequiredService<ConnectionStore>();
        var integration = await store.CreateIntegrationAsync(IntegrationKind.RampD365, "Ramp to Dynamics");
        var ramp = (await store.IntegrationAsync(integration.Id))!.Value.Connections.Single(c => c.System == ExternalSystem.Ramp);
        await store.SaveAsync(ramp.Id, new Dictionary<string, string> { ["Environment"] = RampEnvironments.BuiltInSandbox, ["ClientId"] = RampSimulator.DefaultClientId },
            new Dictionary<string, string> { ["ClientSecret"] = RampSimulator.DefaultClientSecret }, "user-1");

        var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionPinger>().PingAsync(ramp.Id);

        outcome.Report.Ok.ShouldBeTrue();
        sink.Entries.Count.ShouldBeGreaterThan(20, "debug logging must be on for this test to mean anything");
        sink.Entries.ShouldContain(e => e.Contains("developer/v1/token"), "the token request itself is logged");
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RampSimulator.DefaultClientId}:{RampSimulator.DefaultClientSecret}"));
        sink.Entries.ShouldAllBe(e => !e.Contains(RampSimulator.DefaultClientSecret) && !e.Contains(basic) && !e.Contains("ramp_tok_"));
    }
}
