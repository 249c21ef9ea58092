using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Integration;

/// <summary>Pulling what Ramp holds (the uploaded chart and Ramp's own vendors) from the simulator into the database.</summary>
public abstract class RampReferenceDataTests(PortalHost host) : IAsyncLifetime
{
    private RampSimulator Simulator => (RampSimulator)host.Services.GetRequiredService<SandboxRegistry>()["ramp"];

    // The Ramp business is one per host: each test starts from the seed, with no accounting connection.
    public Task InitializeAsync()
    {
        Simulator.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Pull_ReadsTheUploadedChart_FieldOptions_AndRampVendors()
    {
        using var integration = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365, ExternalSystem.Ramp);
        using var ramp = await RampApiAsync();
        await SendAsync(ramp, HttpMethod.Post, "accounting/connection", new { remote_provider_name = "ml-connector" });
        var accounts = await SendAsync(ramp, HttpMethod.Post, "accounting/accounts", new
        {
            gl_accounts = new object[]
            {
                new { id = "6540", name = "Software", classification = "EXPENSE", code = "6540-SW" },
                new { id = "6550", name = "Travel", classification = "EXPENSE" },
                new { id = "1920", name = "Bank", classification = "ASSET" },
            },
        });
        await SendAsync(ramp, HttpMethod.Delete, $"accounting/accounts/{accounts.GetProperty("uploaded")[2].GetString()}");
        await SendAsync(ramp, HttpMethod.Post, "accounting/vendors", new { vendors = new[] { new { id = "V00001", name = "Acme AS" }, new { id = "V00002", name = "Birch Ltd" } } });
        var field = await SendAsync(ramp, HttpMethod.Post, "accounting/fields", new { id = "DEPT", name = "Department", input_type = "SINGLE_CHOICE" });
        await SendAsync(ramp, HttpMethod.Post, "accounting/field-options", new
        {
            field_id = field.GetProperty("ramp_id").GetString(),
            options = new object[] { new { id = "D010", value = "Sales", code = "S" }, new { id = "D020", value = "Finance" } },
        });
        var linked = (await SendAsync(ramp, HttpMethod.Get, "vendors?page_size=2")).GetProperty("data")[0];
        var rampVendorId = linked.GetProperty("id").GetString()!;
        await SendAsync(ramp, new HttpMethod("PATCH"), $"vendors/{rampVendorId}", new { accounting_vendor_remote_id = "V00001" });

        var pulled = await integration.Get<ReferenceDataService>().PullAsync(integration.Id);

        pulled.Failures.ShouldBeEmpty();
        var items = await ItemsAsync(integration);
        var gl = items.Where(i => i.Kind == ReferenceKind.GlAccount).ToDictionary(i => i.ExternalId);
        gl.Keys.Order().ShouldBe(["1920", "6540", "6550"]);
        (gl["6540"].Code, gl["6540"].Name, gl["6540"].Active).ShouldBe(("6540-SW", "Software", true));
        gl["6550"].Code.ShouldBe("6550", "an account without a code is known by its id");
        gl["1920"].Active.ShouldBeFalse("a deleted account is kept, marked inactive");
        gl["6540"].RawJson.ShouldContain("\"ramp_id\"");
        items.Where(i => i.Kind == ReferenceKind.AccountingVendor).Select(i => (i.ExternalId, i.Name)).Order().ShouldBe([("V00001", "Acme AS"), ("V00002", "Birch Ltd")]);
        var custom = items.Where(i => i.Kind == ReferenceKind.CustomField).ShouldHaveSingleItem();
        (custom.ExternalId, custom.Name).ShouldBe(("DEPT", "Department"));
        items.Where(i => i.Kind == ReferenceKind.DimensionValue).Select(i => (i.Group, i.ExternalId, i.Code, i.Name)).Order()
            .ShouldBe([("DEPT", "D010", "S", "Sales"), ("DEPT", "D020", "D020", "Finance")]);
        var vendors = items.Where(i => i.Kind == ReferenceKind.Vendor).ToList();
        vendors.Count.ShouldBe(Simulator.Company.Vendors.Count, "every page of Ramp's vendors");
        var vendor = vendors.Single(v => v.ExternalId == rampVendorId);
        vendor.Code.ShouldBe("V00001");
        vendor.Name.ShouldBe(linked.GetProperty("name").GetString());
        vendors.Count(v => v.Code.Length > 0).ShouldBe(1, "only the linked vendor has an accounting vendor");
        pulled.Summary.ShouldAllBe(s => s.System == ExternalSystem.Ramp);
    }

    [Fact]
    public async Task Pull_WithoutAnAccountingConnection_ReadsOnlyRampVendors()
    {
        using var integration = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365, ExternalSystem.Ramp);
        var before = Simulator.Traffic.LastSequence;

        var pulled = await integration.Get<ReferenceDataService>().PullAsync(integration.Id);

        pulled.Failures.ShouldBeEmpty();
        var summary = pulled.Summary.ShouldHaveSingleItem();
        (summary.System, summary.Kind, summary.Count).ShouldBe((ExternalSystem.Ramp, ReferenceKind.Vendor, Simulator.Company.Vendors.Count));
        var paths = Simulator.Traffic.Since(before).Select(r => r.Path).ToList();
        paths.ShouldContain(p => p.EndsWith("/accounting/connection", StringComparison.Ordinal));
        paths.ShouldNotContain(p => p.Contains("/accounting/accounts", StringComparison.Ordinal) || p.Contains("/accounting/fields", StringComparison.Ordinal));
    }

    private static async Task<List<ReferenceItem>> ItemsAsync(TestIntegration integration)
    {
        await using var db = await integration.Get<IDbContextFactory<MlConnector.Web.Data.AppDbContext>>().CreateDbContextAsync();
        return await db.ReferenceItems.Where(i => i.IntegrationId == integration.Id).ToListAsync();
    }

    private Task<HttpClient> RampApiAsync() => SandboxRampApi.CreateAsync(host);

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

public sealed class RampReferenceDataTestsOnSqlite(SqlitePortal portal) : RampReferenceDataTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class RampReferenceDataTestsOnPostgres(PostgresPortal portal) : RampReferenceDataTests(portal.Host), IClassFixture<PostgresPortal>;
