using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Seed;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Integrations.Common;
using static MlConnector.Tests.Integration.RampChartScenario;

namespace MlConnector.Tests.Integration;

/// <summary>The ERP's chart pushed into the Ramp simulator over HTTP, stored outcomes on a real database.</summary>
public abstract class RampChartPushTests(PortalHost host)
{
    [Fact]
    public async Task Push_AfterAD365Pull_CreatesTheSeededChartInRamp_InOneBatchPerList()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365, erpCredentials: true);
        (await scenario.Services.GetRequiredService<ReferenceDataService>().PullAsync(scenario.Integration)).IsOk.ShouldBeTrue();
        var company = host.Services.GetRequiredService<SandboxCompany>();
        var before = scenario.Ramp.Traffic.LastSequence;

        var result = await scenario.PushAsync();

        result.Failure.ShouldBeNull();
        result.Connection.ShouldBe(AccountingConnectionStep.Created);
        result.Rejected.ShouldBeEmpty();
        company.Accounts.Count.ShouldBe(149);
        var vendors = company.Vendors.Where(v => v.LegalEntityId == "hpus").ToList();
        Counts(result, ChartKind.GlAccount).Created.ShouldBe(company.Accounts.Count(a => a.Active));
        Counts(result, ChartKind.GlAccount).Unchanged.ShouldBe(company.Accounts.Count(a => !a.Active), "suspended accounts are not uploaded");
        Counts(result, ChartKind.AccountingVendor).Created.ShouldBe(vendors.Count(v => v.Active && !v.OnHold));
        Counts(result, ChartKind.CustomField).Created.ShouldBe(2);
        Counts(result, ChartKind.DimensionOption, SandboxCompany.CostCenter).Created.ShouldBe(company.ValuesOf(SandboxCompany.CostCenter).Count(d => d.Active));

        var writes = scenario.WritesSince(before);
        writes.Count(w => w.Path.EndsWith("/accounting/accounts", StringComparison.Ordinal)).ShouldBe(1, "149 accounts fit one batch");
        writes.Count(w => w.Path.EndsWith("/accounting/vendors", StringComparison.Ordinal)).ShouldBe(1);
        Body(writes.Single(w => w.Path.EndsWith("/accounting/connection", StringComparison.Ordinal)), "remote_provider_name").ShouldBe("Microsoft Dynamics 365 Finance & Operations");

        var accounts = await scenario.RampListAsync("accounting/accounts?page_size=100");
        accounts.Count.ShouldBe(company.Accounts.Count(a => a.Active));
        Classification(accounts, "Airfare").ShouldBe("EXPENSE");
        Classification(accounts, "Accounts payable").ShouldBe("LIABILITY");
        Classification(accounts, "Advisory fees").ShouldBe("REVENUE");
        Classification(accounts, "Share capital").ShouldBe("EQUITY");
        Classification(accounts, "Operating account").ShouldBe("ANY", "D365's BalanceSheet type does not say asset or liability");
        accounts.ShouldNotContain(a => a.GetProperty("name").GetString() == "Petty cash");
        (await scenario.RampListAsync("accounting/vendors?page_size=100")).Count.ShouldBe(vendors.Count(v => v.Active && !v.OnHold));
        var fields = await scenario.RampListAsync("accounting/fields");
        fields.Select(f => f.GetProperty("id").GetString()).ShouldBe([SandboxCompany.CostCenter, SandboxCompany.Department], ignoreOrder: true);
        fields.ShouldAllBe(f => f.GetProperty("input_type").GetString() == "SINGLE_CHOICE");
        var department = fields.Single(f => f.GetProperty("id").GetString() == SandboxCompany.Department).GetProperty("ramp_id").GetString();
        (await scenario.RampListAsync($"accounting/field-options?field_id={department}")).Select(o => o.GetProperty("value").GetString())
            .ShouldBe(company.ValuesOf(SandboxCompany.Department).Where(d => d.Active).Select(d => d.Name), ignoreOrder: true);

        var stored = await scenario.Services.GetRequiredService<RampChartHistory>().LastAsync(scenario.Integration);
        stored!.Counts.ShouldBe(result.Counts);
        stored.Failure.ShouldBeNull();
    }

    [Fact]
    public async Task Push_OneRefusedItemAmong620Vendors_LandsEveryOtherItem_AndReportsRampsReason()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampVisma);
        await scenario.SeedErpAsync(ExternalSystem.VismaNet, Enumerable.Range(1, 620).Select(i => Vendor($"V{i:0000}", $"Supplier {i}")));
        scenario.Ramp.RejectUploadsOf("V0317", "Vendor name conflicts with a Ramp merchant");
        var before = scenario.Ramp.Traffic.LastSequence;

        var result = await scenario.PushAsync();

        result.Failure.ShouldBeNull();
        Counts(result, ChartKind.AccountingVendor).Created.ShouldBe(619);
        var rejected = result.Rejected.ShouldHaveSingleItem();
        (rejected.Kind, rejected.RemoteId, rejected.Name).ShouldBe((ChartKind.AccountingVendor, "V0317", "Supplier 317"));
        rejected.Reason.ShouldContain("422");
        rejected.Reason.ShouldContain("Vendor name conflicts with a Ramp merchant");
        var inRamp = (await scenario.RampListAsync("accounting/vendors?page_size=100")).Select(v => v.GetProperty("id").GetString()).ToList();
        inRamp.Count.ShouldBe(619);
        inRamp.ShouldNotContain("V0317");
        var uploads = scenario.WritesSince(before).Where(w => w.Path.EndsWith("/accounting/vendors", StringComparison.Ordinal)).ToList();
        uploads.ShouldAllBe(u => JsonDocument.Parse(u.Body, default).RootElement.GetProperty("vendors").GetArrayLength() <= 500);
        uploads.Count.ShouldBeLessThan(30, "a bad item is found by halving, not by uploading one at a time");
        Body(scenario.WritesSince(before).Single(w => w.Path.EndsWith("/accounting/connection", StringComparison.Ordinal)), "remote_provider_name").ShouldBe("Visma.net ERP");
        (await scenario.Services.GetRequiredService<RampChartHistory>().LastAsync(scenario.Integration))!.Rejected.ShouldBe(result.Rejected);
    }

    [Fact]
    public async Task Push_RunAgainWithoutErpChanges_MakesNoWriteCalls()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, SmallChart());
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        var before = scenario.Ramp.Traffic.LastSequence;

        var again = await scenario.PushAsync();

        again.Failure.ShouldBeNull();
        again.Connection.ShouldBe(AccountingConnectionStep.Existing);
        scenario.WritesSince(before).ShouldBeEmpty();
        scenario.Ramp.Traffic.Since(before).ShouldNotBeEmpty("the second run still reads Ramp to compare");
        again.Counts.Sum(c => c.Writes).ShouldBe(0);
        Counts(again, ChartKind.GlAccount).Unchanged.ShouldBe(3);
    }

    [Fact]
    public async Task Push_AfterRenamesInTheErp_PatchesOnlyTheRenamedItems()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, SmallChart());
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        await scenario.ChangeErpAsync(i => i.ExternalId == "6100", i => i.Name = "Air travel");
        await scenario.ChangeErpAsync(i => i.ExternalId == "D020", i => i.Name = "People & Culture");
        var before = scenario.Ramp.Traffic.LastSequence;

        var result = await scenario.PushAsync();

        var writes = scenario.WritesSince(before);
        writes.Select(w => w.Method).ShouldBe(["PATCH", "PATCH"]);
        writes[0].Path.ShouldContain("/accounting/accounts/");
        Body(writes[0], "name").ShouldBe("Air travel");
        writes[1].Path.ShouldContain("/accounting/field-options/");
        Body(writes[1], "value").ShouldBe("People & Culture");
        Counts(result, ChartKind.GlAccount).Updated.ShouldBe(1);
        (await scenario.RampListAsync("accounting/accounts?remote_id=6100")).Single().GetProperty("name").GetString().ShouldBe("Air travel");
    }

    [Fact]
    public async Task Push_AfterItemsLeaveTheErp_DeactivatesAccounts_HidesValues_AndRestoresThemWhenTheyReturn()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, SmallChart());
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        await scenario.ChangeErpAsync(i => i.ExternalId == "6100", change: null);
        await scenario.ChangeErpAsync(i => i.ExternalId == "V002", i => i.Active = false);
        await scenario.ChangeErpAsync(i => i.ExternalId == "D020", change: null);

        var gone = await scenario.PushAsync();

        Counts(gone, ChartKind.GlAccount).Retired.ShouldBe(1);
        Counts(gone, ChartKind.AccountingVendor).Retired.ShouldBe(1);
        Counts(gone, ChartKind.DimensionOption, "Department").Retired.ShouldBe(1);
        (await scenario.RampListAsync("accounting/accounts?remote_id=6100")).Single().GetProperty("is_active").GetBoolean().ShouldBeFalse();
        (await scenario.RampListAsync("accounting/vendors?remote_id=V002")).Single().GetProperty("is_active").GetBoolean().ShouldBeFalse();
        var option = await OptionAsync(scenario, "D020");
        option.GetProperty("visibility").GetString().ShouldBe("HIDDEN");
        option.GetProperty("is_active").GetBoolean().ShouldBeTrue("a value with history is hidden, never deleted");

        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, [Account("6100", "Airfare"), Value("Department", "D020", "People")]);
        await scenario.ChangeErpAsync(i => i.ExternalId == "V002", i => i.Active = true);
        var back = await scenario.PushAsync();

        back.Counts.Where(c => c.Kind != ChartKind.CustomField).Sum(c => c.Updated).ShouldBe(3);
        back.Counts.Sum(c => c.Created).ShouldBe(0, "what comes back is reactivated, not uploaded again");
        (await scenario.RampListAsync("accounting/accounts?remote_id=6100")).Single().GetProperty("is_active").GetBoolean().ShouldBeTrue();
        (await scenario.RampListAsync("accounting/vendors?remote_id=V002")).Single().GetProperty("is_active").GetBoolean().ShouldBeTrue();
        (await OptionAsync(scenario, "D020")).GetProperty("visibility").GetString().ShouldBe("VISIBLE");
    }

    [Fact]
    public async Task Push_WithoutPulledReferenceData_SaysPullFirst_AndWritesNothingToRamp()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        var before = scenario.Ramp.Traffic.LastSequence;

        var result = await scenario.PushAsync();

        result.Failure!.Kind.ShouldBe(FailureKind.Configuration);
        result.Failure.Message.ShouldContain("pull reference data first");
        scenario.WritesSince(before).ShouldBeEmpty();
        (await scenario.Services.GetRequiredService<RampChartHistory>().LastAsync(scenario.Integration))!.Failure!.ShouldContain("pull reference data first");
    }

    [Fact]
    public async Task Push_WhenRampKeepsFailing_StopsWithTheTransientFailure_AndRejectsNothing()
    {
        using var scenario = await StartAsync(host, IntegrationKind.RampD365);
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, SmallChart());
        (await scenario.PushAsync()).Failure.ShouldBeNull();
        await scenario.SeedErpAsync(ExternalSystem.Dynamics365, [Account("6200", "Client meals")]);
        scenario.Ramp.Faults.Settings = new() { ServerErrorShare = 1 };

        var result = await scenario.PushAsync();

        scenario.Ramp.Faults.Reset();
        result.Failure!.Kind.ShouldBe(FailureKind.Transient);
        result.Failure.StatusCode.ShouldBe(503);
        result.Rejected.ShouldBeEmpty("an outage is not a refusal of any item");
        (await scenario.RampListAsync("accounting/accounts?remote_id=6200")).ShouldBeEmpty();
    }

    internal static ReferenceItem[] SmallChart() =>
    [
        Account("6100", "Airfare"), Account("6300", "SaaS subscriptions"), Account("2000", "Accounts payable", "Liability"),
        Vendor("V001", "Nordwing Air"), Vendor("V002", "Cloudnote"),
        Value("Department", "D010", "Advisory"), Value("Department", "D020", "People"), Value("CostCenter", "CC100", "Oslo office"),
    ];

    private static ChartCounts Counts(RampChartPushResult result, ChartKind kind, string group = "") =>
        result.Counts.Single(c => c.Kind == kind && c.Group == group);

    private static string? Body(MlConnector.Sandbox.Shared.RecordedRequest request, string property) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty(property).GetString();

    private static string? Classification(List<JsonElement> accounts, string name) =>
        accounts.Single(a => a.GetProperty("name").GetString() == name).GetProperty("classification").GetString();

    private static async Task<JsonElement> OptionAsync(RampChartScenario scenario, string remoteId)
    {
        var field = (await scenario.RampListAsync("accounting/fields")).Single(f => f.GetProperty("id").GetString() == "Department");
        return (await scenario.RampListAsync($"accounting/field-options?field_id={field.GetProperty("ramp_id").GetString()}&remote_id={remoteId}")).Single();
    }
}

public sealed class RampChartPushTestsOnSqlite(SqlitePortal portal) : RampChartPushTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class RampChartPushTestsOnPostgres(PostgresPortal portal) : RampChartPushTests(portal.Host), IClassFixture<PostgresPortal>;
