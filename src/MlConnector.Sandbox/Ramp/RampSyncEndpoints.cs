using System.Text.Json.Nodes;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// <c>POST /accounting/syncs</c>: the connector reports what it posted to the ERP. A successful sync takes the object
/// out of its ready queue; a failed one leaves it there with the error (Ramp shows it as an Export Error).
/// </summary>
internal static class RampSyncEndpoints
{
    public const int MaxPerList = 5000;

    private static readonly string[] SyncTypes =
    [
        "ACCRUAL_SYNC", "BANKING_TRANSACTION_SYNC", "BILL_PAYMENT_SYNC", "BILL_SYNC", "BROKERAGE_ORDER_SYNC", "PAYEE_SYNC",
        "REIMBURSEMENT_SYNC", "STATEMENT_CREDIT_SYNC", "TRACKING_CATEGORY_OPTION_SYNC", "TRANSACTION_SYNC", "TRANSFER_SYNC",
        "WALLET_TRANSFER_SYNC",
    ];

    private sealed record Item(string Id, string? ReferenceId, string? DeepLink, string? Error);

    public static void Map(RouteGroupBuilder api, RampState state, RampAuth auth, TimeProvider clock) =>
        api.MapPost("/accounting/syncs", (HttpRequest request) => SyncAsync(request, state, clock)).RequireScope(auth, "accounting:write");

    private static async Task<IResult> SyncAsync(HttpRequest request, RampState state, TimeProvider clock)
    {
        var (body, error) = await RampJson.ReadObjectAsync(request);
        if (error is not null) return error;
        var key = body!.String("idempotency_key");
        if (string.IsNullOrWhiteSpace(key)) return RampErrors.Invalid("idempotency_key", "Missing data for required field.");
        var syncType = body.String("sync_type");
        if (!SyncTypes.Contains(syncType)) return RampErrors.Invalid("sync_type", $"Must be one of: {string.Join(", ", SyncTypes)}.");
        var (successes, successError) = ParseList(body, "successful_syncs", success: true);
        if (successError is not null) return successError;
        var (failures, failureError) = ParseList(body, "failed_syncs", success: false);
        if (failureError is not null) return failureError;
        var all = successes.Concat(failures).ToList();
        if (all.Count == 0) return RampErrors.Invalid("successful_syncs", "Provide successful_syncs or failed_syncs.");
        if (all.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return RampErrors.Invalid("successful_syncs", $"Object {twice.Key} is listed more than once.");

        lock (state.Gate)
        {
            // Live Ramp answers a reused key with 7005 and no replay [code C1]; only accepted calls consume a key,
            // so a connector can retry a call that was rejected for a fixable reason.
            if (state.IdempotencyKeys.Contains(key)) return RampErrors.Error(400, RampErrors.IdempotencyKeyExists, "Idempotency key already exists");
            if (state.ActiveConnection is null) return RampErrors.BadRequest("No active accounting connection");
            // [inferred, open question 5] One unknown or not-ready id rejects the whole call, so nothing is half-applied.
            foreach (var item in all)
            {
                if (Check(state, syncType!, item.Id) is { } problem) return problem;
            }
            var now = clock.GetUtcNow();
            foreach (var item in successes) Apply(state, syncType!, item, now);
            foreach (var item in failures) Fail(state, syncType!, item);
            state.IdempotencyKeys.Add(key);
            return Results.Json(new { sync_id = state.NextId("sync") }, RampJson.Options, statusCode: 201);
        }
    }

    private static (List<Item> Items, IResult? Error) ParseList(JsonObject body, string name, bool success)
    {
        if (!body.ContainsKey(name)) return ([], null);
        // Each list has minItems 1: an empty list is a 422, the connector must omit it [code C1 live].
        if (body[name] is not JsonArray list || list.Count is 0 or > MaxPerList)
            return ([], RampErrors.Invalid(name, $"Length must be between 1 and {MaxPerList}."));
        var items = new List<Item>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject entry || string.IsNullOrWhiteSpace(entry.String("id")) || !Guid.TryParse(entry.String("id"), out _))
                return ([], RampErrors.Invalid($"{name}.{i}.id", "Not a valid UUID."));
            if (success)
            {
                if (string.IsNullOrWhiteSpace(entry.String("reference_id")))
                    return ([], RampErrors.Invalid($"{name}.{i}.reference_id", "Missing data for required field."));
                items.Add(new Item(entry.String("id")!, entry.String("reference_id"), entry.String("deep_link_url"), null));
            }
            else
            {
                // {id, message} instead of {id, error:{message}} is refused live [code C1].
                if (entry["error"] is not JsonObject problem || string.IsNullOrWhiteSpace(problem.String("message")))
                    return ([], RampErrors.Invalid($"{name}.{i}.error", "Missing data for required field."));
                items.Add(new Item(entry.String("id")!, null, null, problem.String("message")));
            }
        }
        return (items, null);
    }

    private static IResult? Check(RampState state, string syncType, string id)
    {
        switch (syncType)
        {
            case "TRANSACTION_SYNC":
                if (!state.Transactions.TryGetValue(id, out var t)) return Unknown("Transaction", id);
                return t.Sync == TransactionSync.SyncReady ? null : RampErrors.BadRequest($"Transaction {id} is not sync-ready", "id");
            case "BILL_SYNC":
                if (!state.Bills.TryGetValue(id, out var bill) || !bill.IsVisible) return Unknown("Bill", id);
                return bill.Sync == BillSync.NotSynced ? null : RampErrors.BadRequest($"Bill {id} is not sync-ready", "id");
            case "BILL_PAYMENT_SYNC":
                if (!state.Bills.TryGetValue(id, out var paid) || !paid.IsVisible) return Unknown("Bill", id);
                // The payment phase follows the bill phase and needs a paid bill.
                return paid.Sync == BillSync.BillSynced && paid.IsPaid ? null
                    : RampErrors.BadRequest($"Bill {id} payment is not sync-ready (needs a PAID bill in BILL_SYNCED)", "id");
            default:
                // The sandbox company has no reimbursements, transfers or cashbacks: nothing of these types exists.
                return Unknown(syncType, id);
        }
    }

    private static IResult Unknown(string what, string id) => RampErrors.Error(400, RampErrors.NotFound, $"{what} {id} not found", "id");

    private static void Apply(RampState state, string syncType, Item item, DateTimeOffset now)
    {
        if (syncType == "TRANSACTION_SYNC")
        {
            var t = state.Transactions[item.Id];
            (t.Sync, t.SyncedAt, t.ReferenceId, t.LastSyncError) = (TransactionSync.Synced, now, item.ReferenceId, null);
            return;
        }
        var bill = state.Bills[item.Id];
        bill.LastSyncError = null;
        if (syncType == "BILL_SYNC")
        {
            (bill.Sync, bill.RemoteId) = (BillSync.BillSynced, item.ReferenceId);
            if (item.DeepLink is not null) bill.DeepLinkUrl = item.DeepLink;
        }
        else bill.Sync = BillSync.BillAndPaymentSynced;
    }

    private static void Fail(RampState state, string syncType, Item item)
    {
        if (syncType == "TRANSACTION_SYNC") state.Transactions[item.Id].LastSyncError = item.Error;
        else state.Bills[item.Id].LastSyncError = item.Error;
    }

    /// <summary>For tests and the control page: a bill gets paid in Ramp, which opens its payment phase.</summary>
    public static bool MarkPaid(RampState state, string billId, DateOnly on)
    {
        if (!state.Bills.TryGetValue(billId, out var bill) || !bill.IsVisible) return false;
        (bill.Status, bill.PaidOn) = (BillStatus.Paid, on);
        return true;
    }
}
