using System.Text.Json;
using MlConnector.Sandbox.Seed;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Exceptions;

/// <summary>
/// What finance finds in the inbox after a Ramp → D365 run on the sandbox: bills coded with a GL code whose mapping was
/// removed (<see cref="GlBills"/>), bills of a Ramp vendor with no D365 vendor (<see cref="VendorBills"/>), one bill held on
/// both (<see cref="BothBill"/>, taken in last: the newest), bills without an invoice number, and card transactions of
/// two days in a closed D365 period.
/// </summary>
public sealed record InboxCase(
    string Gl, IReadOnlyList<string> GlBills, string VendorName, IReadOnlyList<string> VendorBills, string BothBill,
    IReadOnlyList<string> Unnumbered, IReadOnlyList<string> ClosedTransactions)
{
    /// <summary>The settings the scenario needs: bills and card transactions on, bill payments off.</summary>
    public static RampD365Settings Posting { get; } = RampD365Settings.Sandbox with { BillPaymentsOn = false };

    /// <summary>
    /// Seeds the documents in the Ramp simulator and takes them in; <paramref name="settle"/> works the queue (drains it, or
    /// waits for the portal's own workers). The both-held bill comes in after the others have settled, so it is the newest.
    /// </summary>
    public static async Task<InboxCase> SeedAsync(SyncScenario scenario, Func<Task> settle)
    {
        var (mapped, unmapped) = await scenario.ReadyBillsAsync();
        var glBill = mapped.First(b => b.GetProperty("line_items").GetArrayLength() == 1);
        var gl = GlOf(glBill.GetProperty("line_items")[0]);
        (await scenario.Owner.Get<MappingService>().SetAsync(scenario.Integration, MappingKind.GlAccount, "", [new MappingEdit(gl, null)], "test", MappingOrigin.Manual))
            .Ok.ShouldBeTrue();
        var vendorBill = unmapped.First(b => !Uses(b, gl));
        var otherBill = mapped.First(b => !Uses(b, gl));
        var (glSeed, vendorSeed, otherSeed) = (Seed(scenario, glBill), Seed(scenario, vendorBill), Seed(scenario, otherBill));

        string Add(Bill seed, string number, string? vendor = null)
        {
            var bill = seed with { Id = Guid.NewGuid().ToString(), InvoiceNumber = number, VendorNumber = vendor ?? seed.VendorNumber };
            scenario.Ramp.AddBill(bill);
            return bill.Id;
        }
        var glBills = Enumerable.Range(1, 3).Select(i => Add(glSeed, $"INBOX-GL-{i}")).ToList();
        var vendorBills = Enumerable.Range(1, 2).Select(i => Add(vendorSeed, $"INBOX-VEN-{i}")).ToList();
        var unnumbered = Enumerable.Range(1, 2).Select(_ => Add(otherSeed, "")).ToList();
        var cards = scenario.Ramp.Company.Transactions
            .Where(t => t.LegalEntityId == "hpus" && t.State == CardState.Cleared && t.Lines.Count == 1 && t.Lines[0].AccountNumber != gl)
            .DistinctBy(t => t.AccountingDate).Take(2).ToList();
        scenario.D365.Settings = scenario.D365.Settings with { ClosedPeriodsBefore = cards.Max(t => t.AccountingDate).AddDays(1) };

        var intake = scenario.Owner.Get<SyncIntake>();
        await intake.AcceptAsync(scenario.Integration, [.. glBills.Concat(vendorBills).Concat(unnumbered).Select(id => new IntakeItem(RampBillFlow.FlowName, id)),
            .. cards.Select(t => new IntakeItem(RampCardTransactionFlow.FlowName, t.Id))], IntakeVia.Webhook, "test");
        await settle();
        var both = Add(glSeed, "INBOX-BOTH", vendorSeed.VendorNumber);
        await intake.AcceptAsync(scenario.Integration, [new IntakeItem(RampBillFlow.FlowName, both)], IntakeVia.Webhook, "test");
        await settle();
        return new InboxCase(gl, glBills, vendorBill.GetProperty("vendor").GetProperty("name").GetString()!, vendorBills, both, unnumbered,
            cards.Select(t => t.Id).ToList());
    }

    private static Bill Seed(SyncScenario scenario, JsonElement bill) => scenario.Ramp.Company.Bills.Single(b => b.Id == bill.GetProperty("id").GetString());

    private static string GlOf(JsonElement line) => line.GetProperty("accounting_field_selections").EnumerateArray()
        .Single(s => s.GetProperty("type").GetString() == "GL_ACCOUNT").GetProperty("external_id").GetString()!;

    private static bool Uses(JsonElement bill, string gl) => bill.GetProperty("line_items").EnumerateArray().Any(l => GlOf(l) == gl);
}
