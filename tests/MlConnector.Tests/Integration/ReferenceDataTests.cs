using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Integration;

/// <summary>Pulling Dynamics 365's master data from the simulator, paging to the end, into the database.</summary>
public abstract class ReferenceDataTests(PortalHost host)
{
    private D365Simulator Simulator => (D365Simulator)host.Services.GetRequiredService<SandboxRegistry>()["d365"];

    [Fact]
    public async Task Pull_ReadsEveryPage_AndStoresWhatTheLedgerHolds()
    {
        var (scope, integration) = await NewIntegrationAsync();
        using var _ = scope;
        var company = Simulator.Company;
        var before = Simulator.Traffic.LastSequence;
        var original = Simulator.Settings;
        Simulator.Settings = original with { PageSize = 40 };
        try
        {
            var pulled = await scope.ServiceProvider.GetRequiredService<ReferenceDataService>().PullAsync(integration);

            pulled.Failures.ShouldBeEmpty();
            var summary = pulled.Summary.ToDictionary(s => (s.Kind, s.Group));
            summary[(ReferenceKind.GlAccount, "")].Count.ShouldBe(company.Accounts.Count);
            summary[(ReferenceKind.GlAccount, "")].Active.ShouldBe(company.Accounts.Count(a => a.Active));
            summary[(ReferenceKind.LegalEntity, "")].Count.ShouldBe(3);
            var vendors = company.Vendors.Where(v => v.LegalEntityId == "hpus").ToList();
            summary[(ReferenceKind.Vendor, "")].Count.ShouldBe(vendors.Count);
            summary[(ReferenceKind.Vendor, "")].Active.ShouldBe(vendors.Count(v => v.Active && !v.OnHold));
            summary[(ReferenceKind.DimensionValue, SandboxCompany.Department)].Count.ShouldBe(company.ValuesOf(SandboxCompany.Department).Count());
            summary[(ReferenceKind.DimensionValue, SandboxCompany.CostCenter)].Active.ShouldBe(company.ValuesOf(SandboxCompany.CostCenter).Count(d => d.Active));
            Simulator.Traffic.Since(before).Count(r => r.Path.EndsWith("/data/MainAccounts")).ShouldBe((int)Math.Ceiling(company.Accounts.Count / 40.0));
        }
        finally
        {
            Simulator.Settings = original;
        }
    }

    [Fact]
    public async Task PullingTwice_ReplacesTheSnapshot_WithoutDuplicates()
    {
        var (scope, integration) = await NewIntegrationAsync();
        using var _ = scope;
        var service = scope.ServiceProvider.GetRequiredService<ReferenceDataService>();

        (await service.PullAsync(integration)).IsOk.ShouldBeTrue();
        var first = await service.SummaryAsync(integration);
        (await service.PullAsync(integration)).IsOk.ShouldBeTrue();
        var second = await service.SummaryAsync(integration);

        second.Select(s => (s.Kind, s.Group, s.Count)).OrderBy(s => s.ToString()).ShouldBe(first.Select(s => (s.Kind, s.Group, s.Count)).OrderBy(s => s.ToString()));
        second.ShouldAllBe(s => s.FetchedAt >= first.Max(f => f.FetchedAt));
        await using var db = host.OpenDb(scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Id);
        var petty = await db.ReferenceItems.SingleAsync(i => i.IntegrationId == integration && i.Kind == ReferenceKind.GlAccount && i.Name == "Petty cash");
        petty.Active.ShouldBeFalse("a suspended main account is kept, marked inactive");
        petty.RawJson.ShouldContain("\"IsSuspended\":\"Yes\"");
    }

    [Fact]
    public async Task Pull_WithRefusedCredentials_ReturnsTheClassifiedFailure_AndKeepsTheLastSnapshot()
    {
        var (scope, integration) = await NewIntegrationAsync();
        using var _ = scope;
        var service = scope.ServiceProvider.GetRequiredService<ReferenceDataService>();
        (await service.PullAsync(integration)).IsOk.ShouldBeTrue();
        var before = (await service.SummaryAsync(integration)).Sum(s => s.Count);
        var store = scope.ServiceProvider.GetRequiredService<ConnectionStore>();
        var d365 = (await store.IntegrationAsync(integration))!.Value.Connections.Single(c => c.System == ExternalSystem.Dynamics365);
        await store.SaveAsync(d365.Id, d365.Settings, new Dictionary<string, string> { ["ClientSecret"] = "revoked" }, "u");

        var failed = await service.PullAsync(integration);

        var failure = failed.Failures.ShouldHaveSingleItem();
        failure.System.ShouldBe(ExternalSystem.Dynamics365);
        failure.Failure.Kind.ShouldBe(FailureKind.Auth);
        before.ShouldBeGreaterThan(0);
        (await service.SummaryAsync(integration)).Sum(s => s.Count).ShouldBe(before, "a failed pull leaves the previous read in place");
    }

    private async Task<(IServiceScope Scope, Guid Integration)> NewIntegrationAsync()
    {
        Guid workspaceId;
        using (var client = host.CreateBrowserlikeClient()) workspaceId = await SsrForms.RegisterWorkspaceAsync(client, SsrForms.Account(80), "Reference Co");
        var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
        var store = scope.ServiceProvider.GetRequiredService<ConnectionStore>();
        var integration = await store.CreateIntegrationAsync(IntegrationKind.RampD365, "Ramp to Dynamics");
        var d365 = (await store.IntegrationAsync(integration.Id))!.Value.Connections.Single(c => c.System == ExternalSystem.Dynamics365);
        var (settings, secrets) = SandboxCredentials.For(ExternalSystem.Dynamics365, host.Services.GetRequiredService<ISandboxEndpoint>())!.Value;
        await store.SaveAsync(d365.Id, settings, secrets, "u");
        return (scope, integration.Id);
    }
}

public sealed class ReferenceDataTestsOnSqlite(SqlitePortal portal) : ReferenceDataTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class ReferenceDataTestsOnPostgres(PostgresPortal portal) : ReferenceDataTests(portal.Host), IClassFixture<PostgresPortal>;
