using System.Text.Json;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// Paid bills whose invoice is synced (<c>GET /bills?sync_status=BILL_SYNCED&amp;sync_ready=true</c>, contract §6), reported
/// as <c>BILL_PAYMENT_SYNC</c>. A bill paid before its invoice reached the ERP waits: its payment cannot be recorded against
/// an invoice that is not there, and Ramp refuses a payment sync before the bill sync.
/// </summary>
public sealed class RampBillPaymentSource(RampClient ramp) : RampSource(ramp)
{
    /// <summary>How long a payment waits before it looks at its bill again.</summary>
    public static readonly TimeSpan InvoiceWait = TimeSpan.FromMinutes(5);

    protected override string Collection => "bills";

    protected override string ReadyQuery => "sync_status=BILL_SYNCED&sync_ready=true";

    protected override string What => "bill";

    public override string? ReportType => "BILL_PAYMENT_SYNC";

    protected override bool IsRelevant(string eventType) => eventType == "bills.paid";

    protected override string Describe(JsonElement bill)
    {
        var vendor = bill.TryGetProperty("vendor", out var v) && v.ValueKind == JsonValueKind.Object ? Text(v, "name") : null;
        var amount = bill.TryGetProperty("payment", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("amount", out var a) ? Money(a) : "";
        return string.Join(" · ", new[] { $"Payment of bill {Text(bill, "invoice_number") ?? "(no invoice number)"}", vendor, amount }.Where(s => !string.IsNullOrEmpty(s)));
    }

    protected override string? SkipReason(JsonElement bill)
    {
        if (Text(bill, "archived_at") is not null) return "The bill was archived in Ramp.";
        if (Text(bill, "status") != "PAID") return "The bill is not paid in Ramp.";
        return Text(bill, "sync_status") == "BILL_AND_PAYMENT_SYNCED" ? "Ramp already shows the payment as synced." : null;
    }

    protected override ConnectorFailure? NotYet(JsonElement bill) =>
        Text(bill, "sync_status") == "NOT_SYNCED" && Text(bill, "status") == "PAID"
            ? new ConnectorFailure(FailureKind.Transient, "The bill's invoice is not in Dynamics 365 yet; its payment follows once it is.", RetryAfter: InvoiceWait)
            : null;
}
