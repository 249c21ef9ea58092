using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Tests.RampD365;

/// <summary>
/// A bill whose invoice reached D365 (through the probe flow) is paid in Ramp: the payment becomes a vendor payment
/// journal in the D365 simulator and is reported to Ramp as BILL_PAYMENT_SYNC.
/// </summary>
public sealed class BillPaymentFlowTests
{
    private static readonly RampD365Settings PaymentsOnly = SyncScenario.FlowsOff with { BillPaymentsOn = true };

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task APaidSyncedBill_BecomesAVendorPaymentJournal_AndIsReportedToRamp(Db database)
    {
        await using var scenario = await SyncScenario.StartAsync(database, posting: PaymentsOnly);
        var (billId, vendorAccount) = await InvoiceSyncedAsync(scenario);
        scenario.Ramp.MarkBillPaid(billId).ShouldBeTrue();

        var polled = await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);
        polled.Failures.ShouldBeEmpty();
        // The poll reads the payment queue (paid, invoice synced): this bill only. (The probe flow's bill queue comes along.)
        await using (var db = scenario.OpenDb())
            (await db.SyncRecords.Where(r => r.Flow == RampBillPaymentFlow.FlowName).Select(r => r.SourceId).ToListAsync()).ShouldBe([billId]);
        await scenario.Engine.DrainAsync(default);

        var record = await PaymentRecordAsync(scenario, billId);
        record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
        var lines = await JournalLinesAsync(scenario, $"JournalBatchNumber eq '{record.TargetDocumentId}'");
        var line = lines.ShouldHaveSingleItem();
        (line.GetProperty("AccountType").GetString(), line.GetProperty("AccountDisplayValue").GetString()).ShouldBe(("Vendor", vendorAccount));
        (line.GetProperty("OffsetAccountType").GetString(), line.GetProperty("OffsetAccountDisplayValue").GetString()).ShouldBe(("Bank", RampD365Settings.Sandbox.PaymentBankAccount));
        line.GetProperty("Document").GetString().ShouldBe(billId);
        using var ramp = await SandboxRampApi.CreateAsync(scenario.Host);
        var bill = await ramp.GetFromJsonAsync<JsonElement>($"bills/{billId}");
        decimal.Parse(line.GetProperty("DebitAmount").ToString(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(bill.GetProperty("payment").GetProperty("amount").GetProperty("amount").GetDecimal() / 100m);
        line.GetProperty("Invoice").GetString().ShouldBe(bill.GetProperty("invoice_number").GetString());

        // Replayed before Ramp hears of it, the payment is found by its Ramp bill id and linked, not paid twice.
        await scenario.Owner.Get<SyncReplay>().ReplayAsync([record.Id], "checking the link", "support@test");
        await scenario.Engine.DrainAsync(default);
        (await JournalLinesAsync(scenario, $"Document eq '{billId}'")).Count.ShouldBe(1, "one payment line for the bill in all of D365's journals");
        (await PaymentRecordAsync(scenario, billId)).TargetDocumentId.ShouldBe(record.TargetDocumentId);

        (await scenario.Owner.Get<RampSyncReporter>().ReportAsync(await IntegrationAsync(scenario), default)).StoppedBy.ShouldBeNull();
        (await PaymentRecordAsync(scenario, billId)).State.ShouldBe(SyncState.Confirmed);
        (await ramp.GetFromJsonAsync<JsonElement>($"bills/{billId}")).GetProperty("sync_status").GetString().ShouldBe("BILL_AND_PAYMENT_SYNCED");
    }

    [Fact]
    public async Task APaymentWebhookBeforeTheInvoiceIsSynced_WaitsAsLongAsTheSourceAsks()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite, posting: PaymentsOnly);
        var billId = (await scenario.ReadyBillsAsync()).Mapped[0].GetProperty("id").GetString()!;
        scenario.Ramp.MarkBillPaid(billId).ShouldBeTrue();
        await scenario.Owner.Get<SyncIntake>().AcceptAsync(scenario.Integration, [new IntakeItem(RampBillPaymentFlow.FlowName, billId)], IntakeVia.Webhook, "test");

        await scenario.Engine.DrainAsync(default);

        var waiting = await PaymentRecordAsync(scenario, billId);
        waiting.State.ShouldBe(SyncState.RetryScheduled);
        waiting.ErrorMessage!.ShouldContain("invoice is not in Dynamics 365 yet");
        waiting.NextAttemptAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(4), "it waits as long as the source asked");
    }

    [Fact]
    public async Task PaymentsSwitchedOff_TakeNothingIn()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var (billId, _) = await InvoiceSyncedAsync(scenario);
        scenario.Ramp.MarkBillPaid(billId).ShouldBeTrue();

        await scenario.Owner.Get<SyncPolls>().PollAsync(await IntegrationAsync(scenario), default);

        await using var db = scenario.OpenDb();
        (await db.SyncRecords.CountAsync(r => r.Flow == RampBillPaymentFlow.FlowName)).ShouldBe(0);
    }

    /// <summary>A mapped bill posted by the probe flow and reported, so Ramp shows it BILL_SYNCED; its vendor's D365 account.</summary>
    private static async Task<(string BillId, string VendorAccount)> InvoiceSyncedAsync(SyncScenario scenario)
    {
        var billId = (await scenario.ReadyBillsAsync()).Mapped[0].GetProperty("id").GetString()!;
        await scenario.TakeInAsync(IntakeVia.Webhook, billId);
        await scenario.Engine.DrainAsync(default);
        (await scenario.Owner.Get<RampSyncReporter>().ReportAsync(await IntegrationAsync(scenario), default)).Reported.ShouldBe(1);
        var invoice = await scenario.RecordAsync(billId);
        invoice.State.ShouldBe(SyncState.Confirmed);
        return (billId, invoice.NaturalKey!.Split('/')[0]);
    }

    private static async Task<SyncRecord> PaymentRecordAsync(SyncScenario scenario, string billId)
    {
        await using var db = scenario.OpenDb();
        return await db.SyncRecords.AsNoTracking().SingleAsync(r => r.Flow == RampBillPaymentFlow.FlowName && r.SourceId == billId);
    }

    private static async Task<IReadOnlyList<JsonElement>> JournalLinesAsync(SyncScenario scenario, string filter)
    {
        var store = scenario.Owner.Get<ConnectionStore>();
        var view = (await store.IntegrationAsync(scenario.Integration))!.Value.Connections.Single(c => c.System == ExternalSystem.Dynamics365);
        var credentials = (await store.CredentialsAsync(view.Id))!.ToD365()!;
        var rows = await scenario.Owner.Get<D365Client>().ReadAllAsync(credentials,
            $"LedgerJournalLines?cross-company=true&$filter={Uri.EscapeDataString(filter)}", default);
        rows.IsOk.ShouldBeTrue(rows.Failure?.Message);
        return rows.Value!;
    }

    private static async Task<MlConnector.Web.Features.Integrations.Integration> IntegrationAsync(SyncScenario scenario)
    {
        await using var db = scenario.OpenDb();
        return await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == scenario.Integration);
    }
}
