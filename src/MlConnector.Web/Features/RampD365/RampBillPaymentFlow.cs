using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// A paid Ramp bill becomes a vendor payment in D365: a journal of the configured payment journal name with one line
/// debiting the vendor (AccountType Vendor, the invoice number as settlement reference) against the configured bank
/// account, created with its header in one atomic changeset. The Ramp bill id is the line's <c>Document</c>, which is
/// how a retry finds a payment that may have landed. Reported to Ramp as <c>BILL_PAYMENT_SYNC</c> with the journal batch
/// number; when the customer switches payments off nothing is taken in, so nothing is reported.
/// </summary>
public sealed class RampBillPaymentFlow(RampBillPaymentSource payments) : ISyncFlow
{
    public const string FlowName = "ramp.bill-payment→d365.payment-journal";

    public string Name => FlowName;

    public IntegrationKind Kind => IntegrationKind.RampD365;

    public ISyncSource Source => payments;

    public bool IsOn(Integration integration) => RampD365Settings.Of(integration).BillPaymentsOn;

    public FlowMapping Map(FlowContext context, SourceDocument document, MappingSnapshot mappings)
    {
        var settings = RampD365Settings.Of(context.Integration);
        if (settings.PaymentJournalName is null || settings.PaymentBankAccount is null)
            return FlowMapping.Refused("The payment journal name or bank account is not set for this integration.",
                "Fill in both under Posting settings on the integration page, then replay the payment.");
        using var json = JsonDocument.Parse(document.Snapshot);
        var bill = json.RootElement;
        var number = RampJson.NonEmpty(bill, "invoice_number");
        if (number is null) return FlowMapping.Refused("The bill has no invoice number, so its payment cannot be matched in Dynamics 365.", "Add the invoice number in Ramp.");
        var vendor = bill.GetProperty("vendor");
        var vendorId = RampJson.NonEmpty(vendor, "id")!;
        if (mappings.TargetOf(MappingKind.Vendor, "", vendorId) is not { } account)
        {
            var name = RampJson.NonEmpty(vendor, "name") ?? vendorId;
            return FlowMapping.Lacks([new MissingMapping(MappingKind.Vendor, "", vendorId, name, name)]);
        }
        if (!bill.TryGetProperty("payment", out var payment) || payment.ValueKind != JsonValueKind.Object || !payment.TryGetProperty("amount", out var money))
            return FlowMapping.Refused("Ramp shows the bill as paid but gives no payment amount.", "Check the payment on the bill in Ramp.");
        if (RampAmounts.Read(money, out var problem) is not var (amount, currency))
            return FlowMapping.Refused($"The bill's payment amount {problem}.", "Check the payment on the bill in Ramp.");
        var paidOn = (RampJson.NonEmpty(payment, "effective_date") ?? RampJson.NonEmpty(payment, "payment_date") ?? RampJson.NonEmpty(bill, "paid_at"))?[..10];
        if (paidOn is null) return FlowMapping.Refused("Ramp gives no payment date for the bill.", "Check the payment on the bill in Ramp.");
        var billId = RampJson.NonEmpty(bill, "id")!;
        var line = new JsonObject
        {
            ["TransDate"] = paidOn, ["Voucher"] = Voucher(billId), ["CurrencyCode"] = currency,
            ["AccountType"] = "Vendor", ["AccountDisplayValue"] = account,
            ["OffsetAccountType"] = "Bank", ["OffsetAccountDisplayValue"] = settings.PaymentBankAccount,
            [amount >= 0 ? "DebitAmount" : "CreditAmount"] = Math.Abs(amount),
            ["Invoice"] = number, ["Document"] = billId, ["Text"] = $"Ramp payment of {number}",
        };
        var payload = new JsonObject
        {
            ["JournalName"] = settings.PaymentJournalName, ["Description"] = $"Ramp bill payment {number}",
            ["Line"] = line,
        };
        return FlowMapping.Ready(payload.ToJsonString(), $"payment/{billId}");
    }

    public async Task<ConnectorResult<string?>> FindAsync(FlowContext context, SyncRecord record, CancellationToken ct)
    {
        var credentials = await D365Connection.CredentialsAsync(context, ct);
        if (!credentials.IsOk) return credentials.Failure!;
        var filter = $"dataAreaId eq {D365Connection.Literal(credentials.Value!.LegalEntity)} and Document eq {D365Connection.Literal(record.SourceId)} and AccountType eq 'Vendor'";
        var rows = await context.Services.GetRequiredService<D365Client>().GetRowsAsync(credentials.Value, $"LedgerJournalLines?cross-company=true&$filter={Uri.EscapeDataString(filter)}", ct);
        return rows.IsOk ? ConnectorResult<string?>.Ok(rows.Value!.Select(r => r.GetProperty("JournalBatchNumber").GetString()).FirstOrDefault()) : rows.Failure!;
    }

    /// <summary>Every payment of the batch in one <c>$batch</c> request, each journal (header + line) one atomic changeset.</summary>
    public async Task<IReadOnlyList<ConnectorResult<PostOutcome>>> PostAllAsync(FlowContext context, IReadOnlyList<SyncRecord> records, CancellationToken ct)
    {
        var found = await D365Connection.CredentialsAsync(context, ct);
        if (!found.IsOk) return D365Posting.AllFail(records, found.Failure!);
        var credentials = found.Value!;
        var journals = records.Select(record =>
        {
            var payload = JsonNode.Parse(record.MappedPayload!)!.AsObject();
            var line = payload["Line"]!.DeepClone().AsObject();
            line["dataAreaId"] = credentials.LegalEntity;
            var header = new JsonObject
            {
                ["dataAreaId"] = credentials.LegalEntity, ["JournalName"] = payload["JournalName"]!.DeepClone(), ["Description"] = payload["Description"]!.DeepClone(),
            };
            return D365BatchCreate.Journal(header, [line]);
        }).ToList();
        var created = await D365Posting.CreateAsync(context, credentials, journals, ct);
        return created.Select((answer, i) =>
        {
            if (!answer.IsOk) return answer.Failure!;
            var batch = answer.Value![0].GetProperty("JournalBatchNumber").GetString()!;
            return ConnectorResult<PostOutcome>.Ok(new PostOutcome(batch, Detail: $"POST $batch LedgerJournalHeaders ({journals[i][0].Row["JournalName"]}) + vendor payment line → {batch}"));
        }).ToList();
    }

    /// <summary>A short voucher that is the same for every attempt of one payment (D365 vouchers hold about 20 characters).</summary>
    private static string Voucher(string billId) => "RP" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(billId)))[..12];
}
