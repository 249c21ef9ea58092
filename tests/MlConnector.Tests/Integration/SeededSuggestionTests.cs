using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Integrations.Common;
using Xunit.Abstractions;

namespace MlConnector.Tests.Integration;

/// <summary>
/// Suggestion quality on the seeded company: Ramp's 400 vendors (spelled as Ramp has them) against the vendors
/// D365 lists for the integration's legal entity, both pulled from the simulators. Prints the figures.
/// </summary>
public sealed class SeededSuggestionTests(SqlitePortal portal, ITestOutputHelper output) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task VendorSuggestions_OnTheSeededCompany_AutoMapMostAndNeverWrongly()
    {
        using var integration = await TestIntegration.CreateAsync(portal.Host, IntegrationKind.RampD365, ExternalSystem.Ramp, ExternalSystem.Dynamics365);
        var pulled = await integration.Get<ReferenceDataService>().PullAsync(integration.Id);
        pulled.IsOk.ShouldBeTrue(string.Join("; ", pulled.Failures.Select(f => f.Failure.Message)));
        var rows = (await integration.Get<MappingService>().PageAsync(integration.Id, new MappingQuery(MappingKind.Vendor, "", 0, 1000))).Rows;
        var company = ((RampSimulator)integration.Get<SandboxRegistry>()["ramp"]).Company;
        // The truth: a Ramp vendor maps to its own ledger vendor when D365 lists that vendor as active for hpus.
        var truth = company.Vendors.ToDictionary(v => RampSimulator.VendorIdOf(v.Number),
            v => v.LegalEntityId == "hpus" && v.Active && !v.OnHold ? v.Number : null);

        rows.Count.ShouldBe(company.Vendors.Count);
        var mappable = rows.Where(r => truth[r.SourceKey] is not null).ToList();
        var auto = rows.Where(r => r.Confidence >= 90).ToList();
        var autoRight = auto.Count(r => r.Suggested!.Id == truth[r.SourceKey]);
        var topRight = mappable.Count(r => r.Suggested?.Id == truth[r.SourceKey]);
        var wrongAny = rows.Count(r => r.Suggested is not null && r.Suggested.Id != truth[r.SourceKey]);
        output.WriteLine($"Ramp vendors: {rows.Count}; with an active D365 vendor in hpus: {mappable.Count}");
        output.WriteLine($"Auto-mapped (confidence >= 90): {auto.Count}, correct {autoRight} = {100.0 * autoRight / mappable.Count:0.0}% of the mappable");
        output.WriteLine($"Top suggestion correct at any confidence: {topRight} = {100.0 * topRight / mappable.Count:0.0}%");
        output.WriteLine($"Wrong suggestions (any confidence): {wrongAny}, of which >= 90: {auto.Count - autoRight}");

        (auto.Count - autoRight).ShouldBe(0, "bulk acceptance at 90 must never map a vendor wrongly");
        ((double)autoRight / mappable.Count).ShouldBeGreaterThan(0.75);
        ((double)topRight / mappable.Count).ShouldBeGreaterThan(0.9);
    }
}
