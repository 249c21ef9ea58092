using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Tests.Webhooks;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Tests.RampD365;

/// <summary>
/// The production bill flow end to end: Ramp simulator bills (real GETs) become pending vendor invoices with their lines
/// in the D365 simulator (real $batch), read back over OData, and Ramp is told (real POST /accounting/syncs).
/// </summary>
public sealed partial class RampBillFlowTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task RampBill_PolledApprovedBills_PostAsInvoicesWithCodedLines_AndAreMarkedSyncedInRamp(Db database)
    {
        await using var scenario = await StartAsync(database);
        var bills = (await scenario.ReadyBillsAsync()).Mapped.Where(b => b.GetProperty("sync_status").GetString() == "NOT_SYNCED")
            .OrderByDescending(b => b.GetProperty("line_items").GetArrayLength()).Take(3).ToList();
        bills[0].GetProperty("line_items").GetArrayLength().ShouldBeGreaterThan(1);

        var polled = await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);
        polled.Failures.ShouldBeEmpty();
        polled.Intake.Created.ShouldBeGreaterThanOrEqualTo(bills.Count);
        await scenario.Engine.DrainAsync(default);

        foreach (var bill in bills)
        {
            var record = await scenario.RecordAsync(Id(bill));
            record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
            await ShouldHoldInD365Async(scenario, bill, record.TargetDocumentId!);
            (await scenario.TrailAsync(record.Id)).Single(a => a.Action == AuditAction.Posted).Detail
                .ShouldBe($"POST $batch VendorInvoiceHeaders + {bill.GetProperty("line_items").GetArrayLength()} line{(bill.GetProperty("line_items").GetArrayLength() == 1 ? "" : "s")} → {record.TargetDocumentId}");
        }

        var report = await scenario.Owner.Get<RampSyncReporter>().ReportAsync(await IntegrationAsync(scenario), default);
        report.StoppedBy.ShouldBeNull();
        using var ramp = await SandboxRampApi.CreateAsync(scenario.Host);
        foreach (var bill in bills)
        {
            var record = await scenario.RecordAsync(Id(bill));
            record.State.ShouldBe(SyncState.Confirmed);
            var synced = await ramp.GetFromJsonAsync<JsonElement>($"bills/{Id(bill)}");
            synced.GetProperty("sync_status").GetString().ShouldBe("BILL_SYNCED");
            synced.GetProperty("remote_id").GetString().ShouldBe(record.TargetDocumentId);
        }

        // Paid in Ramp after the sync, the bill is back in the ready queue for its payment: the invoice is not posted again.
        scenario.Ramp.MarkBillPaid(Id(bills[0])).ShouldBeTrue();
        await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);
        await scenario.Engine.DrainAsync(default);
        (await scenario.RecordAsync(Id(bills[0]))).State.ShouldBe(SyncState.Confirmed);
        (await scenario.HeadersInD365Async(Number(bills[0]))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task RampBill_PolledBills_AreTakenFromTheListPage_AndPostTogether_OneD365RequestPerWorkedBatch()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        var (ramp, d365) = (scenario.Ramp.Traffic.LastSequence, scenario.D365.Traffic.LastSequence);

        await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);
        await scenario.Engine.DrainAsync(default);

        await using var db = scenario.OpenDb();
        var records = await db.SyncRecords.Where(r => r.Flow == RampBillFlow.FlowName).ToListAsync();
        var posted = records.Count(r => r.State == SyncState.Posted);
        posted.ShouldBeGreaterThan(4);
        // The poll's list pages held the whole bills: none is read again one by one.
        scenario.Ramp.Traffic.Since(ramp).Where(r => r.Method == "GET" && OneBill().IsMatch(r.Path)).ShouldBeEmpty();
        // All bills of a worked batch (at most ClaimBatch = 16 records) go to D365 in one $batch; new records need no look-up.
        var batches = scenario.D365.Traffic.Since(d365).Count(r => r.Path.EndsWith("/data/$batch"));
        batches.ShouldBeLessThanOrEqualTo((records.Count + 15) / 16);
        batches.ShouldBeLessThan(posted);
        scenario.D365.Traffic.Since(d365).ShouldNotContain(r => r.Method == "GET" && r.Path.EndsWith("/VendorInvoiceHeaders"));
    }

    [Fact]
    public async Task RampBill_ChangedAfterThePoll_AWebhookMakesItBeReadAgain_AndTheChangedBillPosts()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        var bill = (await scenario.ReadyBillsAsync()).Mapped.First(b => b.GetProperty("sync_status").GetString() == "NOT_SYNCED");
        await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);

        // Corrected in Ramp before the poll's snapshot was worked; Ramp announces the change.
        var seeded = scenario.Ramp.Company.Bills.Single(b => b.Id == Id(bill));
        scenario.Ramp.AddBill(seeded with { InvoiceNumber = Number(bill) + "-C" });
        await scenario.TakeInAsync(IntakeVia.Webhook, Id(bill));
        var ramp = scenario.Ramp.Traffic.LastSequence;
        await scenario.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(Id(bill));
        record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
        (await scenario.HeadersInD365Async(Number(bill) + "-C")).ShouldBe([record.TargetDocumentId!]);
        (await scenario.HeadersInD365Async(Number(bill))).ShouldBeEmpty();
        scenario.Ramp.Traffic.Since(ramp).Count(r => r.Method == "GET" && r.Path.EndsWith($"/bills/{Id(bill)}")).ShouldBe(1);
    }

    [Fact]
    public async Task RampBill_OtherRampEntitiesBills_AreLeftAlone_UntilTheSettingsChooseThatEntity()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        using var ramp = await SandboxRampApi.CreateAsync(scenario.Host);
        var entities = (await ramp.GetFromJsonAsync<JsonElement>("entities")).GetProperty("data").EnumerateArray().ToList();
        var (primary, other) = (entities.Single(e => e.GetProperty("is_primary").GetBoolean()), entities.First(e => !e.GetProperty("is_primary").GetBoolean()));
        var ready = (await ramp.GetFromJsonAsync<JsonElement>("bills?sync_ready=true&page_size=100")).GetProperty("data").EnumerateArray().ToList();
        var foreign = ready.First(b => b.GetProperty("entity_id").GetString() == other.GetProperty("id").GetString());

        // The poll asks Ramp for the primary entity's bills only.
        await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);
        await using (var db = scenario.OpenDb())
            (await db.SyncRecords.AnyAsync(r => r.SourceId == Id(foreign))).ShouldBeFalse();
        // A webhook about another entity's bill is read and skipped with the reason, and nothing reaches D365.
        await scenario.TakeInAsync(IntakeVia.Webhook, Id(foreign));
        await scenario.Engine.DrainAsync(default);
        var record = await scenario.RecordAsync(Id(foreign));
        record.State.ShouldBe(SyncState.Skipped);
        (await scenario.TrailAsync(record.Id)).Last().Message.ShouldBe($"The bill belongs to another Ramp entity; this integration posts {primary.GetProperty("entity_name").GetString()} only.");
        (await scenario.HeadersInD365Async(Number(foreign))).ShouldBeEmpty();

        // Chosen under Posting settings, that entity's bills are what the poll takes in.
        (await scenario.Owner.Get<RampD365SettingsStore>().SaveAsync(scenario.Integration, RampD365Settings.Sandbox with { RampEntityId = other.GetProperty("id").GetString() })).ShouldBeEmpty();
        var polled = await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);
        polled.Failures.ShouldBeEmpty();
        var otherCompany = scenario.Ramp.Company.LegalEntities.Single(e => e.Name == other.GetProperty("entity_name").GetString()).Id;
        await using (var db = scenario.OpenDb())
        {
            var taken = await db.SyncRecords.Where(r => r.Flow == RampBillFlow.FlowName && r.State == SyncState.Pending).Select(r => r.SourceId).ToListAsync();
            taken.ShouldNotBeEmpty();
            taken.ShouldAllBe(id => scenario.Ramp.Company.Bills.Single(b => b.Id == id).LegalEntityId == otherCompany);
        }
    }

    [Fact]
    public async Task RampBill_ABatchD365RollsBack_LeavesNoHeaderWithoutLines_AndPostsWholeOnReplay()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        var bill = (await scenario.ReadyBillsAsync()).Mapped.First(b => b.GetProperty("line_items").GetArrayLength() > 1);
        scenario.D365.Faults.Settings = new FaultSettings { PartialBatchFailure = true };
        await scenario.TakeInAsync(IntakeVia.Webhook, Id(bill));
        await scenario.Engine.DrainAsync(default);

        var failed = await scenario.RecordAsync(Id(bill));
        failed.State.ShouldBe(SyncState.Failed);
        failed.ErrorMessage!.ShouldContain("rolled back");
        (await scenario.HeadersInD365Async(Number(bill))).ShouldBeEmpty();

        scenario.D365.Faults.Reset();
        using (var support = TestIntegration.Enter(scenario.Host, scenario.Owner.WorkspaceId, scenario.Integration))
        {
            support.Get<MlConnector.Web.Features.Workspaces.CurrentWorkspace>().Enter(scenario.Owner.WorkspaceId, MlConnector.Web.Features.Workspaces.WorkspaceRole.Support);
            (await support.Get<SyncReplay>().ReplayAsync([failed.Id], "D365 batch rolled back", "support@test")).Queued.ShouldBe(1);
        }
        await scenario.Engine.DrainAsync(default);
        var posted = await scenario.RecordAsync(Id(bill));
        posted.State.ShouldBe(SyncState.Posted, posted.ErrorMessage);
        (await scenario.HeadersInD365Async(Number(bill))).ShouldBe([posted.TargetDocumentId!]);
        (await LinesAsync(scenario, posted.TargetDocumentId!)).Count.ShouldBe(bill.GetProperty("line_items").GetArrayLength());
    }

    [Fact]
    public async Task RampBill_DeliveredFiveTimesByWebhooksAndPoll_ExistsOnceInD365()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        await WebhookKit.SubscribeAsync(scenario);
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0];
        using (var ramp = await SandboxRampApi.CreateAsync(scenario.Host))
            for (var i = 0; i < 3; i++)
                (await ramp.PostAsJsonAsync("webhooks/mock-webhook-event", new { event_type = "bills.approved", object_id = Id(bill) })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await WebhookKit.UntilAsync(async () => (await WebhookKit.EventsAsync(scenario)).Count(e => e.ProcessedAt != null) == 3, "three deliveries handed over");
        (await WebhookKit.EventsAsync(scenario)).ShouldAllBe(e => e.Outcome!.StartsWith(RampBillFlow.FlowName + ":"));
        await scenario.TakeInAsync(IntakeVia.Webhook, Id(bill));
        await scenario.TakeInAsync(IntakeVia.Poll, Id(bill));

        await scenario.Engine.DrainAsync(default);
        await scenario.TakeInAsync(IntakeVia.Webhook, Id(bill)); // after posting: read again, Ramp still says NOT_SYNCED until reported
        await scenario.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(Id(bill));
        record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
        (await scenario.HeadersInD365Async(Number(bill))).ShouldBe([record.TargetDocumentId!]);
        (await LinesAsync(scenario, record.TargetDocumentId!)).Count.ShouldBe(bill.GetProperty("line_items").GetArrayLength());
        (await scenario.TrailAsync(record.Id)).Count(a => a.Action == AuditAction.Posted).ShouldBe(1);
    }

    [Fact]
    public async Task RampBill_InvoiceNumberAlreadyPendingInD365_IsLinkedNotPostedAgain_AndAPostedOneFails()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        var (pending, posted) = ((await scenario.ReadyBillsAsync()).Mapped[0], (await scenario.ReadyBillsAsync()).Mapped[1]);
        var existing = await KeyInByHandAsync(scenario, pending);
        var postedOne = await KeyInByHandAsync(scenario, posted);
        scenario.D365.PostVendorInvoice("hpus", postedOne).ShouldBeTrue();

        await scenario.TakeInAsync(IntakeVia.Webhook, Id(pending), Id(posted));
        await scenario.Engine.DrainAsync(default);

        var linked = await scenario.RecordAsync(Id(pending));
        linked.State.ShouldBe(SyncState.Skipped, linked.ErrorMessage);
        linked.TargetDocumentId.ShouldBe(existing);
        (await scenario.HeadersInD365Async(Number(pending))).ShouldBe([existing]);
        (await LinesAsync(scenario, existing)).ShouldBeEmpty(); // nothing was added to the hand-keyed invoice
        (await scenario.TrailAsync(linked.Id)).Last().Message!.ShouldStartWith($"Duplicate: the target already has this document as {existing}");

        var refused = await scenario.RecordAsync(Id(posted));
        refused.State.ShouldBe(SyncState.Failed);
        refused.ErrorMessage.ShouldBe($"Invoice number {Number(posted)} is already used for vendor {Account(scenario, posted)} in D365 (a posted invoice).");
        refused.Attempts.ShouldBe(1);

        await scenario.Owner.Get<RampSyncReporter>().ReportAsync(await IntegrationAsync(scenario), default);
        using var ramp = await SandboxRampApi.CreateAsync(scenario.Host);
        (await ramp.GetFromJsonAsync<JsonElement>($"bills/{Id(pending)}")).GetProperty("remote_id").GetString().ShouldBe(existing);
        scenario.Ramp.BillSyncError(Id(posted)).ShouldBe(refused.ErrorMessage);
    }

    [Fact]
    public async Task RampBill_DimensionFormatWithoutCostCenter_IsRefusedBeforePosting_AndNothingReachesD365()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        await using (var db = scenario.OpenDb())
        {
            var integration = await db.Integrations.SingleAsync(i => i.Id == scenario.Integration);
            integration.SettingsJson = (RampD365Settings.Of(integration) with { DefaultDimensionFormat = "Department" }).ToJson();
            await db.SaveChangesAsync();
        }
        var bill = (await scenario.ReadyBillsAsync()).Mapped[0];
        await scenario.TakeInAsync(IntakeVia.Webhook, Id(bill));
        await scenario.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(Id(bill));
        record.State.ShouldBe(SyncState.Failed);
        record.ErrorCategory.ShouldBe(SyncErrorCategory.UserActionable);
        record.ErrorMessage.ShouldBe($"Blocked before posting bill {Number(bill)} (line 1): CostCenter is coded in the source but not part of the dimension format " +
            "'Department'; Dynamics 365 would drop it without an error.");
        (await scenario.HeadersInD365Async(Number(bill))).ShouldBeEmpty();
        (await scenario.TrailAsync(record.Id)).ShouldNotContain(a => a.Action == AuditAction.Posted || a.Action == AuditAction.Mapped);
    }

    [Fact]
    public async Task RampBill_UnmappedGlBlocks_NoInvoiceNumberFails_AndRampShowsTheSameMessages()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        var ready = (await scenario.ReadyBillsAsync()).Mapped;
        var unmapped = ready[0];
        var gl = unmapped.GetProperty("line_items")[0].GetProperty("accounting_field_selections").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "GL_ACCOUNT").GetProperty("external_id").GetString()!;
        (await scenario.Owner.Get<MappingService>().SetAsync(scenario.Integration, MappingKind.GlAccount, "", [new MappingEdit(gl, null)], "test", MappingOrigin.Manual))
            .Errors.ShouldBeEmpty();
        var seed = scenario.Ramp.Company.Bills.Single(b => b.Id == Id(ready.First(b => !UsesGl(b, gl))));
        var unnumbered = seed with { Id = Guid.NewGuid().ToString(), InvoiceNumber = "" };
        scenario.Ramp.AddBill(unnumbered);

        await scenario.TakeInAsync(IntakeVia.Webhook, Id(unmapped), unnumbered.Id);
        await scenario.Engine.DrainAsync(default);

        var blocked = await scenario.RecordAsync(Id(unmapped));
        blocked.State.ShouldBe(SyncState.Blocked);
        blocked.ErrorMessage!.ShouldStartWith($"Waiting for a mapping: GL account {gl}");
        (await scenario.Owner.Get<MappingHolds>().GapsAsync(scenario.Integration)).ShouldContain(g => g.Kind == MappingKind.GlAccount && g.SourceKey == gl);
        var failed = await scenario.RecordAsync(unnumbered.Id);
        failed.State.ShouldBe(SyncState.Failed);
        failed.ErrorMessage.ShouldBe("The bill has no invoice number.");
        (await scenario.HeadersInD365Async(Number(unmapped))).ShouldBeEmpty();

        var report = await scenario.Owner.Get<RampSyncReporter>().ReportAsync(await IntegrationAsync(scenario), default);
        (report.Reported, report.Refused, report.StoppedBy?.Message).ShouldBe((2, 0, null));
        scenario.Ramp.BillSyncError(Id(unmapped)).ShouldBe(blocked.ErrorMessage);
        scenario.Ramp.BillSyncError(unnumbered.Id).ShouldBe("The bill has no invoice number.");
    }

    [Fact]
    public async Task RampBill_A429WithRetryAfterAndAnExpiredTokenMidRun_AreSurvived_EachBillPostedOnce()
    {
        await using var scenario = await StartAsync(Db.Sqlite);
        var bills = (await scenario.ReadyBillsAsync()).Mapped.Take(4).ToList();
        await scenario.TakeInAsync(IntakeVia.Webhook, Id(bills[0]));
        await scenario.Engine.DrainAsync(default);
        (await scenario.RecordAsync(Id(bills[0]))).State.ShouldBe(SyncState.Posted);

        // The token the client holds is revoked, and D365's service protection answers the next requests 429.
        scenario.D365.Faults.ExpireTokensNow();
        scenario.D365.Faults.Settings = new FaultSettings { RateLimitNext = 4, RetryAfterSeconds = 1 };
        await scenario.TakeInAsync(IntakeVia.Webhook, bills.Skip(1).Select(Id).ToArray());
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            await scenario.Engine.DrainAsync(default);
            var states = await Task.WhenAll(bills.Select(async b => (await scenario.RecordAsync(Id(b))).State));
            if (states.All(s => s == SyncState.Posted)) break;
            states.ShouldNotContain(SyncState.Failed);
            await Task.Delay(500);
        }

        scenario.D365.Faults.Settings.RateLimitNext.ShouldBe(0); // the 429s were met
        foreach (var bill in bills)
        {
            var record = await scenario.RecordAsync(Id(bill));
            record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
            (await scenario.HeadersInD365Async(Number(bill))).ShouldBe([record.TargetDocumentId!]);
        }
    }

    private static Task<SyncScenario> StartAsync(Db database) => StartMappedAsync(database);

    private static async Task<SyncScenario> StartMappedAsync(Db database)
    {
        var scenario = await SyncScenario.StartAsync(database, billFlow: true);
        await scenario.MapCodingAsync();
        return scenario;
    }

    /// <summary>The bill's header and lines as D365 holds them, against what Ramp says (the sandbox maps codes to themselves).</summary>
    private static async Task ShouldHoldInD365Async(SyncScenario scenario, JsonElement bill, string headerReference)
    {
        var (d365, credentials) = await D365Async(scenario);
        var filter = Uri.EscapeDataString($"HeaderReference eq '{headerReference}'");
        var header = (await d365.ReadAllAsync(credentials, $"VendorInvoiceHeaders?cross-company=true&$filter={filter}", default)).Value.ShouldNotBeNull().ShouldHaveSingleItem();
        header.GetProperty("InvoiceNumber").GetString().ShouldBe(Number(bill));
        header.GetProperty("InvoiceAccount").GetString().ShouldBe(Account(scenario, bill));
        header.GetProperty("Currency").GetString().ShouldBe(bill.GetProperty("amount").GetProperty("currency_code").GetString());
        header.GetProperty("InvoiceDate").GetString()![..10].ShouldBe(bill.GetProperty("issued_at").GetString()![..10]);
        header.GetProperty("DueDate").GetString()![..10].ShouldBe(bill.GetProperty("due_at").GetString()![..10]);

        var lines = (await LinesAsync(scenario, headerReference)).OrderBy(l => Amount(l, "InvoiceLineNumber")).ToList();
        var items = bill.GetProperty("line_items").EnumerateArray().ToList();
        lines.Count.ShouldBe(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            string Coded(string type) => items[i].GetProperty("accounting_field_selections").EnumerateArray()
                .Single(s => s.GetProperty("type").GetString() == type).GetProperty("external_id").GetString()!;
            Amount(lines[i], "NetAmount").ShouldBe(items[i].GetProperty("amount").GetProperty("amount").GetInt64() / 100m);
            lines[i].GetProperty("MainAccountDisplayValue").GetString().ShouldBe(Coded("GL_ACCOUNT"));
            lines[i].GetProperty("DimensionDisplayValue").GetString().ShouldBe($"{Coded("OTHER")}-{Coded("COST_CENTER")}");
            lines[i].GetProperty("LineDescription").GetString().ShouldBe(items[i].GetProperty("memo").GetString());
        }
    }

    private static async Task<IReadOnlyList<JsonElement>> LinesAsync(SyncScenario scenario, string headerReference)
    {
        var (d365, credentials) = await D365Async(scenario);
        var filter = Uri.EscapeDataString($"HeaderReference eq '{headerReference}'");
        var lines = await d365.ReadAllAsync(credentials, $"VendorInvoiceLines?cross-company=true&$filter={filter}", default);
        lines.IsOk.ShouldBeTrue(lines.Failure?.Message);
        return lines.Value!;
    }

    /// <summary>A pending invoice with the bill's vendor and number, keyed in D365 by hand before the connector ran.</summary>
    private static async Task<string> KeyInByHandAsync(SyncScenario scenario, JsonElement bill)
    {
        var (d365, credentials) = await D365Async(scenario);
        var created = await d365.CreateAsync(credentials, "VendorInvoiceHeaders", new JsonObject
        {
            ["dataAreaId"] = credentials.LegalEntity, ["InvoiceNumber"] = Number(bill), ["InvoiceAccount"] = Account(scenario, bill),
            ["InvoiceDate"] = "2026-11-01T12:00:00Z", ["InvoiceDescription"] = "Keyed by hand",
        }, default);
        created.IsOk.ShouldBeTrue(created.Failure?.Message);
        return created.Value.GetProperty("HeaderReference").GetString()!;
    }

    private static async Task<(D365Client Client, D365Credentials Credentials)> D365Async(SyncScenario scenario)
    {
        var store = scenario.Owner.Get<ConnectionStore>();
        var view = (await store.IntegrationAsync(scenario.Integration))!.Value.Connections.Single(c => c.System == ExternalSystem.Dynamics365);
        return (scenario.Owner.Get<D365Client>(), (await store.CredentialsAsync(view.Id))!.ToD365()!);
    }

    private static async Task<MlConnector.Web.Features.Integrations.Integration> IntegrationAsync(SyncScenario scenario)
    {
        await using var db = scenario.OpenDb();
        return await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == scenario.Integration);
    }

    /// <summary>The D365 vendor the sandbox's Ramp vendor stands for (its seeded vendor number).</summary>
    private static string Account(SyncScenario scenario, JsonElement bill) =>
        scenario.Ramp.Company.Bills.Single(b => b.Id == Id(bill)).VendorNumber;

    private static bool UsesGl(JsonElement bill, string gl) =>
        bill.GetProperty("line_items").EnumerateArray().SelectMany(l => l.GetProperty("accounting_field_selections").EnumerateArray())
            .Any(s => s.GetProperty("type").GetString() == "GL_ACCOUNT" && s.GetProperty("external_id").GetString() == gl);

    private static decimal Amount(JsonElement row, string name) =>
        row.GetProperty(name) is var value && value.ValueKind == JsonValueKind.String
            ? decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : value.GetDecimal();

    private static string Id(JsonElement bill) => bill.GetProperty("id").GetString()!;

    private static string Number(JsonElement bill) => bill.GetProperty("invoice_number").GetString()!;

    [System.Text.RegularExpressions.GeneratedRegex("/bills/[^/]+$")]
    private static partial System.Text.RegularExpressions.Regex OneBill();
}
