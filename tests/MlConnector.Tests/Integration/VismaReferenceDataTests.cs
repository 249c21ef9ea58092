using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;
using MlConnector.Sandbox.Visma;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Integration;

/// <summary>Pulling a Visma.net company's chart, suppliers and subaccount segments from the simulator, page after page.</summary>
public abstract class VismaReferenceDataTests(PortalHost host) : IAsyncLifetime
{
    private VismaSimulator Simulator => (VismaSimulator)host.Services.GetRequiredService<SandboxRegistry>()["visma"];

    public Task InitializeAsync()
    {
        Simulator.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Pull_PagesPastTheFirstPage_AndStoresWhatTheCompanyHolds()
    {
        using var integration = await TestIntegration.CreateAsync(host, IntegrationKind.RampVisma, ExternalSystem.VismaNet);
        var company = Simulator.Company;
        company.Accounts.Count.ShouldBeGreaterThan(Simulator.Settings.MaxPageSize, "the chart needs more than one page for this test to mean anything");
        var before = Simulator.Traffic.LastSequence;

        var pulled = await integration.Get<ReferenceDataService>().PullAsync(integration.Id);

        pulled.Failures.ShouldBeEmpty();
        var summary = pulled.Summary.ToDictionary(s => (s.Kind, s.Group));
        summary.Values.ShouldAllBe(s => s.System == ExternalSystem.VismaNet);
        summary[(ReferenceKind.GlAccount, "")].Count.ShouldBe(company.Accounts.Count);
        summary[(ReferenceKind.GlAccount, "")].Active.ShouldBe(company.Accounts.Count(a => a.Active));
        var suppliers = company.Vendors.Where(v => v.LegalEntityId == "hpno").ToList();
        summary[(ReferenceKind.Vendor, "")].Count.ShouldBe(suppliers.Count);
        summary[(ReferenceKind.Vendor, "")].Active.ShouldBe(suppliers.Count(v => v.Active && !v.OnHold));
        summary[(ReferenceKind.DimensionValue, "SUBACCOUNT/1")].Count.ShouldBe(company.ValuesOf(SandboxCompany.Department).Count());
        summary[(ReferenceKind.DimensionValue, "SUBACCOUNT/2")].Count.ShouldBe(company.ValuesOf(SandboxCompany.CostCenter).Count());
        summary[(ReferenceKind.DimensionValue, "SUBACCOUNT/2")].Active.ShouldBe(company.ValuesOf(SandboxCompany.CostCenter).Count(d => d.Active));
        summary.Count.ShouldBe(4);

        var traffic = Simulator.Traffic.Since(before).Where(r => r.Path.Contains("/v1/", StringComparison.Ordinal)).ToList();
        traffic.Count(r => r.Path.EndsWith("/v1/account", StringComparison.Ordinal)).ShouldBe(Pages(company.Accounts.Count, 100));
        traffic.ShouldAllBe(r => r.Header("ipp-company-id") == VismaSandboxApp.CompanyId.ToString(CultureInfo.InvariantCulture));
        traffic.Where(r => r.Path.EndsWith("/v1/account", StringComparison.Ordinal)).ShouldAllBe(r => r.Query.Contains("pageSize=100"));
    }

    [Fact]
    public async Task Pull_WhenTheCompanyServesSmallerPages_FollowsItsMaxPageSize()
    {
        using var integration = await TestIntegration.CreateAsync(host, IntegrationKind.RampVisma, ExternalSystem.VismaNet);
        Simulator.Settings = Simulator.Settings with { MaxPageSize = 40 };
        var before = Simulator.Traffic.LastSequence;

        var pulled = await integration.Get<ReferenceDataService>().PullAsync(integration.Id);

        pulled.Failures.ShouldBeEmpty();
        pulled.Summary.Single(s => s.Kind == ReferenceKind.GlAccount).Count.ShouldBe(Simulator.Company.Accounts.Count);
        pulled.Summary.Single(s => s.Kind == ReferenceKind.Vendor).Count.ShouldBe(Simulator.Company.Vendors.Count(v => v.LegalEntityId == "hpno"));
        var accountPages = Simulator.Traffic.Since(before).Where(r => r.Path.EndsWith("/v1/account", StringComparison.Ordinal)).ToList();
        // The first page, asked at 100, says 40 is the most it serves: from there on every page is asked at 40.
        accountPages.Skip(1).ShouldAllBe(r => r.Query.Contains("pageSize=40"));
        accountPages.Count.ShouldBe(1 + Pages(Simulator.Company.Accounts.Count, 40));
    }

    private static int Pages(int rows, int size) => (rows + size - 1) / size;
}

public sealed class VismaReferenceDataTestsOnSqlite(SqlitePortal portal) : VismaReferenceDataTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class VismaReferenceDataTestsOnPostgres(PostgresPortal portal) : VismaReferenceDataTests(portal.Host), IClassFixture<PostgresPortal>;
