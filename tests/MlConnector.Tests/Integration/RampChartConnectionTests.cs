using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Integrations.Common;
using static MlConnector.Tests.Integration.RampChartScenario;

namespace MlConnector.Tests.Integration;

/// <summary>Which accounting connection the chart goes into, and Ramp vendors linked to the uploaded accounting vendors.</summary>
public abstract class RampChartConnectionTests(PortalHost host)
{
    private const string D365Provider = "Microsoft Dynamics 365 Finance & Operations";

    [Fact]
    public async Task Push_WithOurEarlierConnectionInactive_ReactivatesIt_AndKeepsItsChart()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, RampChartPushTests.SmallChart());
        var earlier = await CreateConnectionAsync(scenario, D365Provider);
        (await scenario.RampSendAsync(HttpMethod.Post, "accounting/accounts",
            new { gl_accounts = new[] { new { id = "6100", name = "Airfare", classification = "EXPENSE", code = "6100" } } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await scenario.RampSendAsync(HttpMethod.Delete, "accounting/connection")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var result = await scenario.PushAsync();

        result.Failure.ShouldBeNull();
        result.Connection.ShouldBe(AccountingConnectionStep.Reactivated);
        var connections = (await scenario.RampGetAsync("accounting/all-connections")).GetProperty("connections").EnumerateArray().ToList();
        connections.ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(earlier);
        connections[0].GetProperty("is_active").GetBoolean().ShouldBeTrue();
        var accounts = result.Counts.Single(c => c.Kind == ChartKind.GlAccount);
        (accounts.Created, accounts.Unchanged).ShouldBe((2, 1), "the reactivated connection still held 6100");
    }

    [Fact]
    public async Task Push_WithOnlyAnotherProvidersConnectionInactive_CreatesOurOwn()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, RampChartPushTests.SmallChart());
        var other = await CreateConnectionAsync(scenario, "QuickBooks Online");
        (await scenario.RampSendAsync(HttpMethod.Delete, "accounting/connection")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var result = await scenario.PushAsync();

        result.Connection.ShouldBe(AccountingConnectionStep.Created);
        var active = (await scenario.RampGetAsync("accounting/connection"));
        active.GetProperty("remote_provider_name").GetString().ShouldBe(D365Provider);
        active.GetProperty("id").GetString().ShouldNotBe(other);
    }

    [Fact]
    public async Task Push_WhileAnotherProvidersConnectionIsActive_StopsWithoutWriting()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, RampChartPushTests.SmallChart());
        await CreateConnectionAsync(scenario, "NetSuite");
        var before = scenario.Ramp.Traffic.LastSequence;

        var result = await scenario.PushAsync();

        result.Failure!.Kind.ShouldBe(FailureKind.Configuration);
        result.Failure.Message.ShouldContain("NetSuite");
        scenario.WritesSince(before).ShouldBeEmpty();
    }

    [Fact]
    public async Task LinkVendors_SetsTheAccountingVendor_SkipsLinksAlreadyMade_AndReportsRefusedOnes()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        var rampVendors = (await scenario.RampListAsync("vendors?page_size=100")).Take(3).Select(v => v.GetProperty("id").GetString()!).ToList();
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, [Vendor("V100", "Nordwing Air"), Vendor("V200", "Cloudnote")]);
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        var links = scenario.Services.GetRequiredService<RampVendorLinks>();
        VendorLink[] wanted = [new(rampVendors[0], "V100"), new(rampVendors[1], "V200"), new(rampVendors[2], "V999")];

        var first = await links.LinkAsync(scenario.Integration, wanted);

        first.Failure.ShouldBeNull();
        (first.Linked, first.AlreadyLinked).ShouldBe((2, 0));
        var refused = first.Rejected.ShouldHaveSingleItem();
        refused.Link.ErpVendorId.ShouldBe("V999");
        refused.Reason.ShouldContain("No accounting vendor with that id");
        (await scenario.RampGetAsync($"vendors/{rampVendors[0]}")).GetProperty("accounting_vendor_remote_id").GetString().ShouldBe("V100");
        (await scenario.RampGetAsync($"vendors/{rampVendors[1]}")).GetProperty("accounting_vendor_remote_id").GetString().ShouldBe("V200");

        var before = scenario.Ramp.Traffic.LastSequence;
        var second = await links.LinkAsync(scenario.Integration, wanted[..2]);

        (second.Linked, second.AlreadyLinked).ShouldBe((0, 2));
        scenario.WritesSince(before).ShouldBeEmpty();
    }

    private static async Task<string> CreateConnectionAsync(RampChartScenario scenario, string provider)
    {
        using var created = await scenario.RampSendAsync(HttpMethod.Post, "accounting/connection", new { remote_provider_name = provider });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await JsonDocument.ParseAsync(await created.Content.ReadAsStreamAsync())).RootElement.GetProperty("id").GetString()!;
    }
}

public sealed class RampChartConnectionTestsOnSqlite(SqlitePortal portal) : RampChartConnectionTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class RampChartConnectionTestsOnPostgres(PostgresPortal portal) : RampChartConnectionTests(portal.Host), IClassFixture<PostgresPortal>;
