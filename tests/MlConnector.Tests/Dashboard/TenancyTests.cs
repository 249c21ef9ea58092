using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Dashboard;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Dashboard;

/// <summary>Another tenant's dashboard and notification settings are not found, by URL or through the services.</summary>
public sealed class DashboardTenancyTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task AnotherWorkspacesDashboardAndNotifications_Are404_AndItsIntegrationIsNotFound()
    {
        using var alice = portal.Host.CreateBrowserlikeClient();
        var aliceWorkspace = await SsrForms.RegisterWorkspaceAsync(alice, SsrForms.Account(350), "Acme Secret Holdings");
        Guid integration;
        using (var owner = TestIntegration.Enter(portal.Host, aliceWorkspace, Guid.Empty))
            integration = (await owner.Get<ConnectionStore>().CreateIntegrationAsync(IntegrationKind.RampD365, "Acme secret integration")).Id;
        using var bob = portal.Host.CreateBrowserlikeClient();
        var bobWorkspace = await SsrForms.RegisterWorkspaceAsync(bob, SsrForms.Account(351), "Bob Trading");

        foreach (var path in new[] { $"w/{aliceWorkspace}/integrations/{integration}/dashboard", $"w/{aliceWorkspace}/notifications", $"w/{bobWorkspace}/integrations/{integration}/dashboard" })
        {
            var response = await bob.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("Acme secret");
        }
        (await alice.GetAsync($"w/{aliceWorkspace}/integrations/{integration}/dashboard")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var scope = portal.Host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(bobWorkspace, WorkspaceRole.Owner);
        (await scope.ServiceProvider.GetRequiredService<DashboardQueries>().ReadAsync(integration)).ShouldBeNull();
        await Should.ThrowAsync<KeyNotFoundException>(() => scope.ServiceProvider.GetRequiredService<ThroughputQuery>().ReadAsync(integration, ChartRange.Day));
        await Should.ThrowAsync<KeyNotFoundException>(() => scope.ServiceProvider.GetRequiredService<SyncNow>().RunAsync(integration));
    }
}
