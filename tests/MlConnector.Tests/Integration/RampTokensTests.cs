using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;
using Quartz;

namespace MlConnector.Tests.Integration;

/// <summary>Ramp's ten-day token: stored encrypted, reused while fresh, replaced daily by a Quartz job.</summary>
public sealed class RampTokensTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    private PortalHost Host => portal.Host;

    private RampSimulator Simulator => (RampSimulator)Host.Services.GetRequiredService<SandboxRegistry>()["ramp"];

    private RampTokens Tokens => Host.Services.GetRequiredService<RampTokens>();

    [Fact]
    public async Task RefreshAll_RenewsEveryWorkspacesToken_EncryptedForTenDays_AndSkipsBrokenCredentials()
    {
        var first = await NewRampConnectionAsync(RampSimulator.DefaultClientSecret);
        var second = await NewRampConnectionAsync(RampSimulator.DefaultClientSecret);
        var broken = await NewRampConnectionAsync("wrong-secret");

        var renewed = await Tokens.RefreshAllAsync(default);

        renewed.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var (workspace, connection) in new[] { first, second })
        {
            await using var db = Host.OpenDb(workspace);
            var row = await db.Connections.SingleAsync(c => c.Id == connection);
            row.TokenCiphertext.ShouldNotBeNull();
            row.TokenCiphertext.ShouldNotContain("ramp_tok_");
            (row.TokenExpiresAt!.Value - DateTimeOffset.UtcNow).ShouldBeInRange(TimeSpan.FromDays(9.9), TimeSpan.FromDays(10));
        }
        await using (var db = Host.OpenDb(broken.Workspace))
            (await db.Connections.SingleAsync(c => c.Id == broken.Connection)).TokenCiphertext.ShouldBeNull();
        var file = Path.Combine(Host.DatabaseSettings["Database:DataFolder"]!, "ml-connector.db");
        Encoding.Latin1.GetString([.. File.ReadAllBytes(file), .. File.Exists(file + "-wal") ? File.ReadAllBytes(file + "-wal") : []]).ShouldNotContain("ramp_tok_");
    }

    [Fact]
    public async Task Get_ReusesAFreshToken_AndRenewsOneAboutToExpire()
    {
        var (workspace, connection) = await NewRampConnectionAsync(RampSimulator.DefaultClientSecret);
        var issued = (await Tokens.GetAsync(workspace, connection, default)).Value!;
        var before = Simulator.Traffic.LastSequence;

        (await Tokens.GetAsync(workspace, connection, default)).Value!.AccessToken.ShouldBe(issued.AccessToken);
        Simulator.Traffic.Since(before).ShouldNotContain(r => r.Path.EndsWith("/token"));

        await using (var db = Host.OpenDb(workspace))
        {
            var row = await db.Connections.SingleAsync(c => c.Id == connection);
            row.TokenExpiresAt = DateTimeOffset.UtcNow.AddHours(12);
            await db.SaveChangesAsync();
        }
        (await Tokens.GetAsync(workspace, connection, default)).Value!.AccessToken.ShouldNotBe(issued.AccessToken);
    }

    [Fact]
    public async Task ReplacingTheSecret_DropsTheStoredToken()
    {
        var (workspace, connection) = await NewRampConnectionAsync(RampSimulator.DefaultClientSecret);
        (await Tokens.GetAsync(workspace, connection, default)).IsOk.ShouldBeTrue();

        using var scope = Host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspace, WorkspaceRole.Owner);
        await scope.ServiceProvider.GetRequiredService<ConnectionStore>().SaveAsync(connection, Settings(), new Dictionary<string, string> { ["ClientSecret"] = "rotated" }, "u");

        await using var db = Host.OpenDb(workspace);
        (await db.Connections.SingleAsync(c => c.Id == connection)).TokenCiphertext.ShouldBeNull();
    }

    [Fact]
    public async Task DailyJob_IsScheduledAt0315Utc_AndStoresTokensWhenItRuns()
    {
        var (workspace, connection) = await NewRampConnectionAsync(RampSimulator.DefaultClientSecret);
        var scheduler = await Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var trigger = (await scheduler.GetTriggersOfJob(RampTokenRefreshJob.Key)).Single().ShouldBeAssignableTo<ICronTrigger>()!;
        trigger.CronExpressionString.ShouldBe("0 15 3 * * ?");
        trigger.TimeZone.ShouldBe(TimeZoneInfo.Utc);

        await scheduler.TriggerJob(RampTokenRefreshJob.Key);
        string? token = null;
        for (var i = 0; i < 100 && token is null; i++)
        {
            await Task.Delay(100);
            await using var db = Host.OpenDb(workspace);
            token = (await db.Connections.SingleAsync(c => c.Id == connection)).TokenCiphertext;
        }
        token.ShouldNotBeNull("the job ran and stored the connection's token");
    }

    private static Dictionary<string, string> Settings() =>
        new() { ["Environment"] = RampEnvironments.BuiltInSandbox, ["ClientId"] = RampSimulator.DefaultClientId };

    private async Task<(Guid Workspace, Guid Connection)> NewRampConnectionAsync(string secret)
    {
        Guid workspaceId;
        using (var client = Host.CreateBrowserlikeClient()) workspaceId = await SsrForms.RegisterWorkspaceAsync(client, SsrForms.Account(70), "Token Co");
        using var scope = Host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
        var store = scope.ServiceProvider.GetRequiredService<ConnectionStore>();
        var integration = await store.CreateIntegrationAsync(IntegrationKind.RampD365, "Ramp to Dynamics");
        var ramp = (await store.IntegrationAsync(integration.Id))!.Value.Connections.Single(c => c.System == ExternalSystem.Ramp);
        await store.SaveAsync(ramp.Id, Settings(), new Dictionary<string, string> { ["ClientSecret"] = secret }, "u");
        return (workspaceId, ramp.Id);
    }
}
