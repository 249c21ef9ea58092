using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;
using SandboxApp = MlConnector.Sandbox.D365.D365Client;

namespace MlConnector.Tests.Connectors;

/// <summary><see cref="MlConnector.Web.Integrations.D365.D365Client.BatchAsync"/>: header and lines in one atomic changeset, over real HTTP to the mounted simulator.</summary>
public sealed class D365BatchTests : IClassFixture<SqlitePortal>
{
    private readonly SqlitePortal portal;
    private readonly D365Credentials credentials;

    public D365BatchTests(SqlitePortal portal)
    {
        this.portal = portal;
        Simulator.Reset();
        Simulator.Faults.Reset();
        // A fresh app registration per test, so each test starts with its own MSAL token cache.
        var clientId = $"app-{Guid.NewGuid():N}";
        Simulator.RegisterClient(new SandboxApp(D365SandboxApp.TenantId, clientId, D365SandboxApp.ClientSecret, "hpus"));
        credentials = new(new Uri(portal.Host.Services.GetRequiredService<ISandboxEndpoint>().SimulatorBase("d365")!.ToString().TrimEnd('/')),
            D365SandboxApp.TenantId, clientId, D365SandboxApp.ClientSecret, "hpus");
    }

    private D365Simulator Simulator => (D365Simulator)portal.Host.Services.GetRequiredService<SandboxRegistry>()["d365"];

    private Web.Integrations.D365.D365Client D365 => portal.Host.Services.GetRequiredService<Web.Integrations.D365.D365Client>();

    private string Vendor => Simulator.Company.Vendors.First(v => v.LegalEntityId == "hpus" && v.Active && !v.OnHold).Number;

    private JsonObject Header(string number) => new()
    {
        ["dataAreaId"] = "hpus", ["InvoiceNumber"] = number, ["InvoiceAccount"] = Vendor, ["InvoiceDate"] = "2026-11-01T12:00:00Z", ["Currency"] = "USD",
    };

    private static JsonObject Line(string description, string account = "6300", string dimensions = "D010-CC100") => new()
    {
        ["dataAreaId"] = "hpus", ["Currency"] = "USD", ["LineDescription"] = description, ["ReceiveNow"] = "2", ["UnitPrice"] = "50",
        ["MainAccountDisplayValue"] = account, ["DimensionDisplayValue"] = dimensions,
    };

    private async Task<IReadOnlyList<JsonElement>> RowsAsync(string query)
    {
        var rows = await D365.GetRowsAsync(credentials, query, default);
        rows.IsOk.ShouldBeTrue(rows.Failure?.Message);
        return rows.Value!;
    }

    private async Task<IReadOnlyList<JsonElement>> HeadersAsync(string number) =>
        await RowsAsync($"VendorInvoiceHeaders?$filter={Uri.EscapeDataString($"InvoiceNumber eq '{number}'")}");

    private IReadOnlyList<RecordedRequest> BatchRequests(long after) => Simulator.Traffic.Since(after).Where(r => r.Path.EndsWith("/data/$batch")).ToList();

    [Fact]
    public async Task BatchAsync_HeaderAndTwoLines_AreCreatedTogether_AndTheLinesCarryTheServerAssignedReference()
    {
        var before = Simulator.Traffic.LastSequence;

        var result = await D365.BatchAsync(credentials, D365BatchCreate.VendorInvoice(Header("BT-1"), [Line("Licences"), Line("Support")]), default);

        result.IsOk.ShouldBeTrue(result.Failure?.Message);
        var reference = result.Value![0].GetProperty("HeaderReference").GetString()!;
        reference.ShouldStartWith("APINV");
        result.Value.Skip(1).Select(l => l.GetProperty("HeaderReference").GetString()).ShouldBe([reference, reference]);
        var lines = await RowsAsync($"VendorInvoiceLines?$filter={Uri.EscapeDataString($"HeaderReference eq '{reference}'")}");
        lines.Select(l => l.GetProperty("LineDescription").GetString()).ShouldBe(["Licences", "Support"]);
        lines[0].GetProperty("NetAmount").ValueKind.ShouldBe(JsonValueKind.String, "IEEE754Compatible numbers as strings");
        (await HeadersAsync("BT-1")).Count.ShouldBe(1);
        BatchRequests(before).Select(r => r.Status).ShouldBe([200], "one request for the whole document");
    }

    [Fact]
    public async Task BatchAsync_SecondLineWithAnUnknownMainAccount_FailsPermanentWithTheInfolog_AndCreatesNothing()
    {
        var before = Simulator.Traffic.LastSequence;

        var result = await D365.BatchAsync(credentials, D365BatchCreate.VendorInvoice(Header("BT-2"), [Line("Licences"), Line("Typo", account: "9999")]), default);

        var failure = result.Failure.ShouldNotBeNull();
        failure.Kind.ShouldBe(FailureKind.Permanent);
        failure.StatusCode.ShouldBe(500);
        failure.Message.ShouldContain("The value '9999' does not exist for the financial dimension 'MainAccount'");
        failure.Message.ShouldContain("part 3 of 3");
        failure.Message.ShouldNotContain("An error has occurred.");
        D365Failures.IsDuplicateInvoiceNumber(failure).ShouldBeFalse();
        BatchRequests(before).Select(r => r.Status).ShouldBe([200], "the outer answer of a failed changeset is still 200");
        (await HeadersAsync("BT-2")).ShouldBeEmpty();
        (await RowsAsync("VendorInvoiceLines")).ShouldBeEmpty();
    }

    [Fact]
    public async Task BatchAsync_PartialBatchFailureSwitch_FailsTheCall_AndLeavesNothing()
    {
        Simulator.Faults.Settings = Simulator.Faults.Settings with { PartialBatchFailure = true };

        var result = await D365.BatchAsync(credentials, D365BatchCreate.VendorInvoice(Header("BT-3"), [Line("Licences")]), default);

        Simulator.Faults.Reset();
        var failure = result.Failure.ShouldNotBeNull();
        failure.Kind.ShouldBe(FailureKind.Permanent);
        failure.Message.ShouldContain("rolled back");
        (await HeadersAsync("BT-3")).ShouldBeEmpty();
        (await RowsAsync("VendorInvoiceLines")).ShouldBeEmpty();
    }

    [Fact]
    public async Task BatchAsync_DuplicateInvoiceNumber_IsRecognisable_FromTheInfolog()
    {
        Simulator.Settings = Simulator.Settings with { DuplicateInvoices = DuplicateInvoicePolicy.Reject };
        (await D365.BatchAsync(credentials, D365BatchCreate.VendorInvoice(Header("BT-4"), [Line("First")]), default)).IsOk.ShouldBeTrue();

        var result = await D365.BatchAsync(credentials, D365BatchCreate.VendorInvoice(Header("BT-4"), [Line("Again")]), default);

        var failure = result.Failure.ShouldNotBeNull();
        failure.Kind.ShouldBe(FailureKind.Permanent);
        failure.Message.ShouldContain("already used");
        D365Failures.IsDuplicateInvoiceNumber(failure).ShouldBeTrue();
        (await HeadersAsync("BT-4")).Count.ShouldBe(1);
        (await RowsAsync("VendorInvoiceLines")).Select(l => l.GetProperty("LineDescription").GetString()).ShouldBe(["First"]);
    }

    [Fact]
    public async Task BatchAsync_TokenExpiredMidRun_IsRefreshedOnce_AndTheBatchSucceeds()
    {
        await RowsAsync("LegalEntities");
        var before = Simulator.Traffic.LastSequence;
        Simulator.Faults.ExpireTokensNow();

        var result = await D365.BatchAsync(credentials, D365BatchCreate.VendorInvoice(Header("BT-5"), [Line("Licences")]), default);

        result.IsOk.ShouldBeTrue(result.Failure?.Message);
        BatchRequests(before).Select(r => r.Status).ShouldBe([401, 200]);
        Simulator.Traffic.Since(before).Count(r => r.Path.EndsWith("/oauth2/v2.0/token")).ShouldBe(1);
        (await HeadersAsync("BT-5")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task BatchAsync_ThreeInvoicesInOneRequest_TheRefusedOneFailsAlone_AndEachLineFindsItsOwnHeader()
    {
        var before = Simulator.Traffic.LastSequence;

        var result = await D365.BatchAsync(credentials, [
            D365BatchCreate.VendorInvoice(Header("BT-6"), [Line("Licences"), Line("Support")]),
            D365BatchCreate.VendorInvoice(Header("BT-7"), [Line("Typo", account: "9999")]),
            D365BatchCreate.VendorInvoice(Header("BT-8"), [Line("Hosting")]),
        ], default);

        result.IsOk.ShouldBeTrue(result.Failure?.Message);
        BatchRequests(before).Select(r => r.Status).ShouldBe([200], "one request for all three documents");
        var (first, refused, third) = (result.Value![0], result.Value[1], result.Value[2]);
        first.IsOk.ShouldBeTrue(first.Failure?.Message);
        third.IsOk.ShouldBeTrue(third.Failure?.Message);
        // Numbered within its own document, whatever its Content-ID in the request.
        refused.Failure.ShouldNotBeNull().Message.ShouldContain("part 2 of 2");
        refused.Failure.Kind.ShouldBe(FailureKind.Permanent);
        (await HeadersAsync("BT-7")).ShouldBeEmpty();
        foreach (var (created, number, lines) in new[] { (first, "BT-6", new[] { "Licences", "Support" }), (third, "BT-8", new[] { "Hosting" }) })
        {
            var reference = created.Value![0].GetProperty("HeaderReference").GetString()!;
            (await HeadersAsync(number)).ShouldHaveSingleItem().GetProperty("HeaderReference").GetString().ShouldBe(reference);
            (await RowsAsync($"VendorInvoiceLines?$filter={Uri.EscapeDataString($"HeaderReference eq '{reference}'")}"))
                .Select(l => l.GetProperty("LineDescription").GetString()).ShouldBe(lines);
        }
    }
}
