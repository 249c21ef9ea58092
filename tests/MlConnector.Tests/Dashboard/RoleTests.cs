using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Dashboard;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Notifications;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Dashboard;

/// <summary>
/// Each action of the dashboard and notifications as each of the five roles: everyone reads the dashboard and the alert
/// signals; "Sync now" is for those who manage integrations; notification settings for those who manage the workspace.
/// The services are the gate, so the check is there.
/// </summary>
public sealed class RoleTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Theory]
    [InlineData(WorkspaceRole.Owner, true, true)]
    [InlineData(WorkspaceRole.Admin, true, true)]
    [InlineData(WorkspaceRole.Finance, false, false)]
    [InlineData(WorkspaceRole.Support, false, false)]
    [InlineData(WorkspaceRole.Viewer, false, false)]
    public async Task EachRole_MayDoExactlyWhatTheTableAllows(WorkspaceRole role, bool mayManageIntegration, bool mayManageWorkspace)
    {
        using var owner = await TestIntegration.CreateAsync(portal.Host, IntegrationKind.RampD365);
        using var scope = portal.Host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(owner.WorkspaceId, role);
        T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

        // View: everyone.
        (await Get<DashboardQueries>().ReadAsync(owner.Id)).ShouldNotBeNull().Integration.Id.ShouldBe(owner.Id);
        (await Get<ThroughputQuery>().ReadAsync(owner.Id, ChartRange.Day)).Count.ShouldBe(24);
        (await Get<WorkspaceAlerts>().ReadAsync()).Integrations.ShouldHaveSingleItem();

        // Sync now: past the role check a draft integration is refused for what it is, not for who asks.
        Get<SyncNow>().Allowed.ShouldBe(mayManageIntegration);
        var syncNow = await Should.ThrowAsync<Exception>(() => Get<SyncNow>().RunAsync(owner.Id));
        syncNow.ShouldBeOfType(mayManageIntegration ? typeof(InvalidOperationException) : typeof(UnauthorizedAccessException));

        var settings = Get<NotificationSettingsService>();
        settings.CanManage.ShouldBe(mayManageWorkspace);
        var edit = new NotificationSettingsEdit(NotificationChannel.Webhook, null, "https://hooks.example.com/alerts", null, false, 5);
        if (mayManageWorkspace)
        {
            (await settings.SaveAsync(edit, role.ToString())).ShouldBeEmpty();
            (await settings.GetAsync()).FailureThreshold.ShouldBe(5);
            (await Get<NotificationHistory>().RecentAsync(10)).ShouldBeEmpty();
        }
        else
        {
            await Should.ThrowAsync<UnauthorizedAccessException>(() => settings.SaveAsync(edit, role.ToString()));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => settings.GetAsync());
            await Should.ThrowAsync<UnauthorizedAccessException>(() => settings.SendTestAsync());
            await Should.ThrowAsync<UnauthorizedAccessException>(() => Get<NotificationHistory>().RecentAsync(10));
            (await owner.Get<NotificationSettingsService>().GetAsync()).Channel.ShouldBe(NotificationChannel.None);
        }
    }
}
