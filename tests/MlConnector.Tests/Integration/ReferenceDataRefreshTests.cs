using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Integrations.Common;
using Quartz;

namespace MlConnector.Tests.Integration;

/// <summary>Pulling every system of an integration at once, one failing; and the scheduled refresh across workspaces.</summary>
public abstract class ReferenceDataRefreshTests(PortalHost host)
{
    [Fact]
    public async Task Pull_WhenOneSystemFails_StoresTheOther_AndNamesTheFailedSystem()
    {
        using var integration = await TestIntegration.CreateAsync(host, IntegrationKind.RampVisma, ExternalSystem.Ramp, ExternalSystem.VismaNet);
        var service = integration.Get<ReferenceDataService>();
        var first = await service.PullAsync(integration.Id);
        first.Failures.ShouldBeEmpty();
        var rampBefore = await CountAsync(integration, ExternalSystem.Ramp);
        rampBefore.ShouldBeGreaterThan(0);
        // Ramp is read first: its failure must not stop Visma's read.
        await integration.SaveSandboxCredentialsAsync(ExternalSystem.Ramp, secret: "revoked");
        await ClearAsync(integration, ExternalSystem.VismaNet);

        var pulled = await service.PullAsync(integration.Id);

        var failure = pulled.Failures.ShouldHaveSingleItem();
        failure.System.ShouldBe(ExternalSystem.Ramp);
        failure.Failure.Kind.ShouldBe(FailureKind.Auth);
        failure.Failure.Message.ShouldContain("401");
        (await CountAsync(integration, ExternalSystem.VismaNet)).ShouldBeGreaterThan(0, "Visma was read and stored although Ramp failed");
        (await CountAsync(integration, ExternalSystem.Ramp)).ShouldBe(rampBefore, "Ramp's last snapshot stays");
        pulled.Summary.Select(s => s.System).Distinct().Order().ShouldBe([ExternalSystem.Ramp, ExternalSystem.VismaNet]);
    }

    [Fact]
    public async Task RefreshAll_PullsEveryIntegrationWithSavedCredentials_InEveryWorkspace()
    {
        using var dynamics = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365, ExternalSystem.Dynamics365);
        using var visma = await TestIntegration.CreateAsync(host, IntegrationKind.RampVisma, ExternalSystem.VismaNet);
        using var unsaved = await TestIntegration.CreateAsync(host, IntegrationKind.RampVisma);
        dynamics.WorkspaceId.ShouldNotBe(visma.WorkspaceId);
        (await CountAsync(dynamics, ExternalSystem.Dynamics365)).ShouldBe(0);
        (await CountAsync(visma, ExternalSystem.VismaNet)).ShouldBe(0);

        var report = await host.Services.GetRequiredService<ReferenceDataRefresh>().RefreshAllAsync(default);

        report.Pulled.ShouldBeGreaterThanOrEqualTo(2);
        (await CountAsync(dynamics, ExternalSystem.Dynamics365)).ShouldBeGreaterThan(0);
        (await CountAsync(visma, ExternalSystem.VismaNet)).ShouldBeGreaterThan(0);
        (await CountAsync(unsaved, ExternalSystem.VismaNet)).ShouldBe(0, "an integration without saved credentials has nothing to read");
    }

    [Fact]
    public async Task RefreshJob_RepeatsEverySixHoursByDefault_StartingOneIntervalAfterStartup()
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var trigger = (await scheduler.GetTriggersOfJob(ReferenceDataRefreshJob.Key)).ShouldHaveSingleItem().ShouldBeAssignableTo<ISimpleTrigger>()!;

        trigger.RepeatInterval.ShouldBe(TimeSpan.FromHours(6));
        trigger.RepeatCount.ShouldBe(-1, "forever");
        trigger.StartTimeUtc.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(5));
    }

    private static async Task<int> CountAsync(TestIntegration integration, ExternalSystem system)
    {
        await using var db = await integration.Get<IDbContextFactory<MlConnector.Web.Data.AppDbContext>>().CreateDbContextAsync();
        return await db.ReferenceItems.CountAsync(i => i.IntegrationId == integration.Id && i.System == system);
    }

    private static async Task ClearAsync(TestIntegration integration, ExternalSystem system)
    {
        await using var db = await integration.Get<IDbContextFactory<MlConnector.Web.Data.AppDbContext>>().CreateDbContextAsync();
        await db.ReferenceItems.Where(i => i.IntegrationId == integration.Id && i.System == system).ExecuteDeleteAsync();
    }
}

public sealed class ReferenceDataRefreshTestsOnSqlite(SqlitePortal portal) : ReferenceDataRefreshTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class ReferenceDataRefreshTestsOnPostgres(PostgresPortal portal) : ReferenceDataRefreshTests(portal.Host), IClassFixture<PostgresPortal>;
