using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Ramp;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.ReferenceData;

namespace MlConnector.Tests.Integration;

/// <summary>From the seeded company to linked Ramp vendors: pull both sides, push the chart, accept vendor suggestions, link.</summary>
public sealed class MappedVendorLinkTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task AcceptedVendorMappings_BecomeRampVendorLinks_ToTheRightAccountingVendor()
    {
        using var scenario = await RampChartScenario.StartAsync(portal.Host, IntegrationKind.RampD365, erpCredentials: true);
        (await scenario.Services.GetRequiredService<ReferenceDataService>().PullAsync(scenario.Integration)).IsOk.ShouldBeTrue();
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        var accepted = await scenario.Services.GetRequiredService<MappingService>()
            .AcceptSuggestionsAsync(scenario.Integration, MappingKind.Vendor, "", 90, "ann");

        var linked = await scenario.Services.GetRequiredService<RampVendorLinks>().LinkMappedAsync(scenario.Integration);
        var again = await scenario.Services.GetRequiredService<RampVendorLinks>().LinkMappedAsync(scenario.Integration);

        accepted.Changed.ShouldBeGreaterThan(150);
        (linked.Linked, linked.Rejected.Count, linked.Failure).ShouldBe((accepted.Changed, 0, null));
        (again.Linked, again.AlreadyLinked).ShouldBe((0, accepted.Changed));
        var vendors = await scenario.RampListAsync("vendors?page_size=100");
        var byId = vendors.ToDictionary(v => v.GetProperty("id").GetString()!, v => v.GetProperty("accounting_vendor_remote_id").GetString());
        var hpus = scenario.Ramp.Company.Vendors.First(v => v.LegalEntityId == "hpus" && v.Active && !v.OnHold && RampVendorNames.Of(v) == v.Name);
        byId[RampSimulator.VendorIdOf(hpus.Number)].ShouldBe(hpus.Number);
        byId.Values.Count(v => v is not null).ShouldBe(accepted.Changed);
    }
}
