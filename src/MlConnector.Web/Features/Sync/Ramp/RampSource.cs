using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.Sync.Ramp;

/// <summary>
/// What Ramp's spend sources share: a session opened once per batch, the ready-queue poll, and a GET of one object.
/// Subclasses say which queue, which events and when a fetched object has nothing to post.
/// </summary>
public abstract class RampSource(RampClient ramp) : ISyncSource
{
    /// <summary>The collection path (<c>bills</c>, <c>transactions</c>).</summary>
    protected abstract string Collection { get; }

    /// <summary>The query listing what is ready to sync (<c>sync_ready=true</c>, <c>sync_status=SYNC_READY</c>).</summary>
    protected abstract string ReadyQuery { get; }

    /// <summary>The event family prefix (<c>bills.</c>), minus events that say nothing about readiness.</summary>
    protected abstract bool IsRelevant(string eventType);

    public abstract string? ReportType { get; }

    /// <summary>What one object is called in messages ("bill", "card transaction").</summary>
    protected abstract string What { get; }

    /// <summary>The person's label of the object.</summary>
    protected abstract string Describe(JsonElement item);

    /// <summary>Why there is nothing to post for this object now, or null when it should be posted.</summary>
    protected abstract string? SkipReason(JsonElement item);

    /// <summary>Why the object cannot be posted yet but will be (a retry after the failure's wait), or null.</summary>
    protected virtual ConnectorFailure? NotYet(JsonElement item) => null;

    public bool Handles(string eventType) => IsRelevant(eventType);

    public static Task<ConnectorResult<RampSession>> SessionAsync(FlowContext context, CancellationToken ct) =>
        context.OnceAsync("ramp-session", () => context.Services.GetRequiredService<RampSessions>().OpenAsync(context.Integration.Id, ct));

    public async Task<ConnectorResult<IReadOnlyList<PolledDocument>>> PollAsync(FlowContext context, CancellationToken ct)
    {
        var session = await SessionAsync(context, ct);
        if (!session.IsOk) return session.Failure!;
        var scope = await RampEntityScope.OfAsync(context, ct);
        if (!scope.IsOk) return scope.Failure!;
        var items = await ramp.ListAllAsync(session.Value!.Credentials, session.Value.Token,
            $"{Collection}?{ReadyQuery}&entity_id={Uri.EscapeDataString(scope.Value!.Id)}&page_size=100", ct);
        // A list page holds whole objects, the same as GET /{collection}/{id} answers (Ramp's OpenAPI): kept as snapshots.
        return items.IsOk
            ? ConnectorResult<IReadOnlyList<PolledDocument>>.Ok(items.Value!.Select(i => new PolledDocument(i.GetProperty("id").GetString()!, i.GetRawText())).ToList())
            : items.Failure!;
    }

    public async Task<ConnectorResult<SourceDocument>> FetchAsync(FlowContext context, SyncRecord record, CancellationToken ct)
    {
        var scope = await RampEntityScope.OfAsync(context, ct);
        if (!scope.IsOk) return scope.Failure!;
        if (PolledSnapshot(context, record) is { } polled)
        {
            using var json = JsonDocument.Parse(polled);
            return Read(json.RootElement, scope.Value!);
        }
        var session = await SessionAsync(context, ct);
        if (!session.IsOk) return session.Failure!;
        var found = await ramp.GetObjectAsync(session.Value!.Credentials, session.Value.Token, $"{Collection}/{Uri.EscapeDataString(record.SourceId)}", ct);
        if (!found.IsOk) return found.Failure!;
        if (found.Value is not { } item)
            return ConnectorResult<SourceDocument>.Ok(new SourceDocument("null", null, record.Summary ?? record.SourceId, "It no longer exists in Ramp (deleted or archived)."));
        return Read(item, scope.Value!);
    }

    private ConnectorResult<SourceDocument> Read(JsonElement item, RampEntityScope scope)
    {
        var skip = scope.Excludes(item, What) ?? SkipReason(item);
        if (skip is null && NotYet(item) is { } wait) return wait;
        return ConnectorResult<SourceDocument>.Ok(new SourceDocument(item.GetRawText(), null, Describe(item), skip));
    }

    /// <summary>The snapshot a recent poll took from the list page, unless something since says to read the object again.</summary>
    private static string? PolledSnapshot(FlowContext context, SyncRecord record)
    {
        if (record.SnapshotPolledAt is not { } at || record.SourceSnapshot is not { } snapshot) return null;
        var now = context.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        return now - at <= context.Services.GetRequiredService<IOptions<SyncOptions>>().Value.PolledSnapshotFor ? snapshot : null;
    }

    /// <summary>Ramp's <c>CurrencyAmount</c> (<c>{amount: minor units, currency_code}</c>) as "1,250.00 USD".</summary>
    protected static string Money(JsonElement amount)
    {
        if (amount.ValueKind != JsonValueKind.Object || !amount.TryGetProperty("amount", out var minor) || !minor.TryGetDecimal(out var value)) return "";
        var currency = amount.TryGetProperty("currency_code", out var code) ? code.GetString() ?? "" : "";
        return $"{(value / 100m).ToString("N2", CultureInfo.InvariantCulture)} {currency}".Trim();
    }

    protected static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Approved Ramp bills that are not synced yet (<c>GET /bills?sync_ready=true</c>), reported as <c>BILL_SYNC</c>.</summary>
public sealed class RampBillSource(RampClient ramp) : RampSource(ramp)
{
    protected override string Collection => "bills";

    protected override string ReadyQuery => "sync_ready=true";

    protected override string What => "bill";

    public override string? ReportType => "BILL_SYNC";

    protected override bool IsRelevant(string eventType) => eventType.StartsWith("bills.", StringComparison.Ordinal);

    protected override string Describe(JsonElement bill)
    {
        var vendor = bill.TryGetProperty("vendor", out var v) && v.ValueKind == JsonValueKind.Object ? Text(v, "name") : null;
        var amount = bill.TryGetProperty("amount", out var a) ? Money(a) : "";
        return string.Join(" · ", new[] { $"Bill {Text(bill, "invoice_number") ?? "(no invoice number)"}", vendor, amount }.Where(p => !string.IsNullOrEmpty(p)));
    }

    protected override string? SkipReason(JsonElement bill)
    {
        if (Text(bill, "archived_at") is not null) return "The bill was archived in Ramp.";
        if (Text(bill, "approval_status") is { } approval && approval != "APPROVED") return $"The bill is not approved in Ramp (approval status {approval}).";
        var sync = Text(bill, "sync_status");
        return sync is null or "NOT_SYNCED" ? null : $"Ramp already shows the bill as synced ({sync}).";
    }
}

/// <summary>Cleared card transactions marked ready (<c>GET /transactions?sync_status=SYNC_READY</c>), reported as <c>TRANSACTION_SYNC</c>.</summary>
public sealed class RampTransactionSource(RampClient ramp) : RampSource(ramp)
{
    protected override string Collection => "transactions";

    protected override string ReadyQuery => "sync_status=SYNC_READY";

    protected override string What => "card transaction";

    public override string? ReportType => "TRANSACTION_SYNC";

    protected override bool IsRelevant(string eventType) => eventType.StartsWith("transactions.", StringComparison.Ordinal);

    protected override string Describe(JsonElement transaction)
    {
        var amount = transaction.TryGetProperty("original_transaction_amount", out var a) ? Money(a) : "";
        return string.Join(" · ", new[] { "Card", Text(transaction, "merchant_name"), amount }.Where(p => !string.IsNullOrEmpty(p)));
    }

    protected override string? SkipReason(JsonElement transaction)
    {
        if (Text(transaction, "state") is { } state && state != "CLEARED") return $"Only cleared transactions post; this one is {state}.";
        if (transaction.TryGetProperty("amount", out var amount) && amount.ValueKind == JsonValueKind.Number && amount.GetDecimal() == 0)
            return "The transaction's amount is zero; there is nothing to post.";
        return Text(transaction, "sync_status") switch
        {
            "SYNCED" => "Ramp already shows the transaction as synced.",
            "NOT_SYNC_READY" => "The transaction is not marked ready to sync in Ramp.",
            _ => null,
        };
    }
}
