using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sandbox.Ramp;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Integrations.Common;
using static MlConnector.Tests.Integration.RampChartScenario;

namespace MlConnector.Tests.Integration;

/// <summary>
/// What the push and the vendor links send must fit Ramp's published request schemas, not only our simulator's
/// reading of them: every write body is checked against the OpenAPI spec checked in beside the simulator tests.
/// </summary>
public sealed partial class RampChartContractTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task EveryWriteOfAPushAndOfVendorLinks_FitsRampsRequestSchema()
    {
        using var scenario = await StartAsync(portal.Host, IntegrationKind.RampD365);
        var before = scenario.Ramp.Traffic.LastSequence;
        var rampVendor = (await scenario.RampListAsync("vendors?page_size=100"))[0].GetProperty("id").GetString()!;
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, RampChartPushTests.SmallChart());
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        await scenario.ChangeErpAsync(i => i.ExternalId is "6100" or "D020", i => (i.Name, i.Code) = (i.Name + " (new)", i.Code + "X"));
        await scenario.ChangeErpAsync(i => i.ExternalId is "6300" or "V001" or "D010", change: null);
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, [Account("6300", "SaaS subscriptions"), Value("Department", "D010", "Advisory")]);
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        (await scenario.Services.GetRequiredService<RampVendorLinks>().LinkAsync(scenario.Integration, [new(rampVendor, "V002")])).Linked.ShouldBe(1);

        var writes = scenario.WritesSince(before).Where(w => w.Body.Length > 0).ToList();

        var checkedSchemas = new HashSet<string>();
        foreach (var write in writes)
        {
            var schema = SchemaOf(write.Method, write.Path);
            schema.ShouldNotBeNull($"{write.Method} {write.Path} is not a documented write");
            checkedSchemas.Add(schema);
            OpenApiValidator.Ramp.Validate(OpenApiValidator.Ramp.Schema(schema), JsonDocument.Parse(write.Body).RootElement).ShouldBeEmpty($"{write.Method} {write.Path}: {write.Body}");
        }
        checkedSchemas.Count.ShouldBe(8, string.Join(", ", checkedSchemas));
    }

    private static string? SchemaOf(string method, string path) => (method, Route().Replace(path[path.IndexOf("/developer/v1/", StringComparison.Ordinal)..], "/{id}")) switch
    {
        ("POST", "/developer/v1/accounting/connection") => "ApiAccountingProviderAccessCreateRequestBody",
        ("POST", "/developer/v1/accounting/accounts") => "ApiAccountingGLAccountUploadRequestBody",
        ("PATCH", "/developer/v1/accounting/accounts/{id}") => "ApiAccountingGLAccountUpdateRequestBody",
        ("POST", "/developer/v1/accounting/vendors") => "ApiAccountingVendorUploadRequestBody",
        ("PATCH", "/developer/v1/accounting/vendors/{id}") => "ApiAccountingVendorUpdateRequestBody",
        ("POST", "/developer/v1/accounting/fields") => "ApiAccountingCustomFieldCreateRequestBody",
        ("POST", "/developer/v1/accounting/field-options") => "ApiAccountingCustomFieldOptionUploadRequestBody",
        ("PATCH", "/developer/v1/accounting/field-options/{id}") => "ApiAccountingCustomFieldOptionUpdateRequestBody",
        ("PATCH", "/developer/v1/vendors/{id}") => "ApiVendorUpdateRequestBody",
        _ => null,
    };

    [GeneratedRegex("/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Route();
}
