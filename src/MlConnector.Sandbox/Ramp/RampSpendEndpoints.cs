using System.Globalization;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Ramp;

/// <summary>The spend side: card transactions, bills, Ramp vendors, purchase orders and entities.</summary>
internal static class RampSpendEndpoints
{
    public static void Map(RouteGroupBuilder api, RampState state, RampAuth auth)
    {
        api.MapGet("/transactions", (HttpRequest request) => ListTransactions(request, state)).RequireScope(auth, "transactions:read");
        api.MapGet("/transactions/{id}", (string id) => Locked(state, () => state.Transactions.TryGetValue(id, out var t)
            ? Results.Json(RampSpendShapes.Transaction(state, t), RampJson.Options)
            : RampErrors.NotFoundError("Transaction"))).RequireScope(auth, "transactions:read");

        api.MapGet("/bills", (HttpRequest request) => ListBills(request, state)).RequireScope(auth, "bills:read");
        api.MapGet("/bills/{id}", (string id) => Locked(state, () => state.Bills.TryGetValue(id, out var b) && b.IsVisible
            ? Results.Json(RampSpendShapes.Bill(state, b), RampJson.Options)
            : RampErrors.NotFoundError("Bill"))).RequireScope(auth, "bills:read");

        api.MapGet("/vendors", (HttpRequest request) => Locked(state, () =>
        {
            var active = request.QueryBool("is_active");
            var name = request.Query("name");
            var vendors = state.Vendors.Where(v => (active is null || v.IsActive == active) &&
                (name is null || v.Name.Contains(name, StringComparison.OrdinalIgnoreCase)));
            return RampPaging.Page(request, vendors, v => v.Id, RampCatalogShapes.Vendor);
        })).RequireScope(auth, "vendors:read");
        api.MapGet("/vendors/{id}", (string id) => Locked(state, () => state.Vendors.FirstOrDefault(v => v.Id == id) is { } v
            ? Results.Json(RampCatalogShapes.Vendor(v), RampJson.Options)
            : RampErrors.NotFoundError("Vendor"))).RequireScope(auth, "vendors:read");
        api.MapPatch("/vendors/{id}", (string id, HttpRequest request) => PatchVendorAsync(id, request, state)).RequireScope(auth, "vendors:write");

        // The spec spells it purchase-orders; the issue text (and some clients) purchase_orders: serve both.
        foreach (var path in new[] { "/purchase-orders", "/purchase_orders" })
        {
            api.MapGet(path, (HttpRequest request) => Locked(state, () =>
            {
                var entity = request.Query("entity_id");
                var orders = state.Company.PurchaseOrders.Where(p => entity is null || state.EntityIdOf(p.LegalEntityId) == entity);
                return RampPaging.Page(request, orders, p => p.Id, p => RampCatalogShapes.PurchaseOrder(state, p));
            })).RequireScope(auth, "purchase_orders:read");
            api.MapGet(path + "/{id}", (string id) => Locked(state, () => state.Company.PurchaseOrders.FirstOrDefault(p => p.Id == id) is { } p
                ? Results.Json(RampCatalogShapes.PurchaseOrder(state, p), RampJson.Options)
                : RampErrors.NotFoundError("Purchase order"))).RequireScope(auth, "purchase_orders:read");
        }

        api.MapGet("/entities", (HttpRequest request) => Locked(state, () =>
            RampPaging.Page(request, state.Entities, e => e.Id, RampCatalogShapes.Entity))).RequireScope(auth, "entities:read");
        api.MapGet("/entities/{id}", (string id) => Locked(state, () => state.Entities.FirstOrDefault(e => e.Id == id) is { } e
            ? Results.Json(RampCatalogShapes.Entity(e), RampJson.Options)
            : RampErrors.NotFoundError("Entity"))).RequireScope(auth, "entities:read");
    }

    public static IResult Locked(RampState state, Func<IResult> action)
    {
        lock (state.Gate) return action();
    }

    private static IResult ListTransactions(HttpRequest request, RampState state)
    {
        var syncStatus = request.Query("sync_status");
        if (syncStatus is not (null or "NOT_SYNC_READY" or "SYNC_READY" or "SYNCED"))
            return RampErrors.Invalid("sync_status", "Must be one of: NOT_SYNC_READY, SYNC_READY, SYNCED.");
        var stateFilter = request.Query("state");
        if (stateFilter is not (null or "ALL" or "CLEARED" or "COMPLETION" or "DECLINED" or "ERROR" or "PENDING" or "PENDING_INITIATION"))
            return RampErrors.Invalid("state", "Not a valid transaction state.");
        if (!TryDate(request, "from_date", out var from) || !TryDate(request, "to_date", out var to))
            return RampErrors.Invalid(request.Query("from_date") is { } && from is null ? "from_date" : "to_date", "Not a valid datetime.");
        var entity = request.Query("entity_id");
        var syncReady = request.QueryBool("sync_ready");
        var noCommits = request.QueryBool("has_no_sync_commits");
        lock (state.Gate)
        {
            var items = state.Transactions.Values.Where(t =>
            {
                var name = RampSpendShapes.StateName(t.State);
                // Lists leave declined charges out unless asked for them (state=ALL or DECLINED).
                if (stateFilter is null ? t.State == CardState.Declined : stateFilter != "ALL" && stateFilter != name) return false;
                if (syncStatus is not null)
                {
                    // sync_status supersedes the older sync_ready / has_no_sync_commits pair.
                    if (syncStatus != SyncName(t.Sync)) return false;
                }
                else
                {
                    if (syncReady is true && t.Sync != TransactionSync.SyncReady) return false;
                    if (syncReady is false && t.Sync == TransactionSync.SyncReady) return false;
                    if (noCommits is true && t.Sync == TransactionSync.Synced) return false;
                }
                if (entity is not null && state.EntityIdOf(t.Seed.LegalEntityId) != entity) return false;
                if (from is { } f && t.Seed.UserTransactionTime < f) return false;
                if (to is { } u && t.Seed.UserTransactionTime > u) return false;
                return true;
            });
            return RampPaging.Page(request, items.ToList(), t => t.Id, t => RampSpendShapes.Transaction(state, t));
        }
    }

    private static string SyncName(TransactionSync sync) => sync switch
    {
        TransactionSync.SyncReady => "SYNC_READY",
        TransactionSync.Synced => "SYNCED",
        _ => "NOT_SYNC_READY",
    };

    private static IResult ListBills(HttpRequest request, RampState state)
    {
        var syncStatus = request.Query("sync_status");
        if (syncStatus is not (null or "NOT_SYNCED" or "BILL_SYNCED" or "BILL_AND_PAYMENT_SYNCED"))
            return RampErrors.Invalid("sync_status", "Must be one of: NOT_SYNCED, BILL_SYNCED, BILL_AND_PAYMENT_SYNCED.");
        var paymentStatus = request.Query("payment_status");
        if (paymentStatus is not (null or "OPEN" or "PAID"))
            return RampErrors.Invalid("payment_status", "Must be one of: OPEN, PAID.");
        if (!TryDate(request, "from_issued_date", out var from) || !TryDate(request, "to_issued_date", out var to))
            return RampErrors.Invalid("issued_date", "Not a valid datetime.");
        var syncReady = request.QueryBool("sync_ready");
        var entity = request.Query("entity_id");
        var vendorId = request.Query("vendor_id");
        lock (state.Gate)
        {
            var items = state.Bills.Values.Where(b => b.IsVisible &&
                (syncReady is null || b.SyncReady == syncReady) &&
                (syncStatus is null || BillSyncName(b.Sync) == syncStatus) &&
                (paymentStatus is null || (b.IsPaid ? "PAID" : "OPEN") == paymentStatus) &&
                (entity is null || state.EntityIdOf(b.Seed.LegalEntityId) == entity) &&
                (vendorId is null || state.VendorsByNumber[b.Seed.VendorNumber].Id == vendorId) &&
                (from is null || b.Seed.IssuedOn.ToDateTime(TimeOnly.MinValue) >= from.Value.UtcDateTime) &&
                (to is null || b.Seed.IssuedOn.ToDateTime(TimeOnly.MinValue) <= to.Value.UtcDateTime)).ToList();
            return RampPaging.Page(request, items, b => b.Id, b => RampSpendShapes.Bill(state, b));
        }
    }

    public static string BillSyncName(BillSync sync) => sync switch
    {
        BillSync.BillSynced => "BILL_SYNCED",
        BillSync.BillAndPaymentSynced => "BILL_AND_PAYMENT_SYNCED",
        _ => "NOT_SYNCED",
    };

    /// <summary>Dates are ISO-8601; without an offset UTC is assumed [doc S3].</summary>
    private static bool TryDate(HttpRequest request, string name, out DateTimeOffset? value)
    {
        value = null;
        if (request.Query(name) is not { } raw) return true;
        if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        value = parsed;
        return true;
    }

    private static async Task<IResult> PatchVendorAsync(string id, HttpRequest request, RampState state)
    {
        var (body, error) = await RampJson.ReadObjectAsync(request);
        if (error is not null) return error;
        var remoteId = body!.String("accounting_vendor_remote_id");
        var optionId = body.String("vendor_tracking_category_option_id");
        if (remoteId is not null && optionId is not null)
            return RampErrors.Invalid("accounting_vendor_remote_id", "Send only one of accounting_vendor_remote_id and vendor_tracking_category_option_id.");
        if (body.ContainsKey("accounting_vendor_remote_id") && string.IsNullOrWhiteSpace(remoteId))
            return RampErrors.Invalid("accounting_vendor_remote_id", "Not a valid string.");
        lock (state.Gate)
        {
            if (state.Vendors.FirstOrDefault(v => v.Id == id) is not { } vendor) return RampErrors.NotFoundError("Vendor");
            if (remoteId is not null || optionId is not null)
            {
                // [inferred] The link must point at an accounting vendor of the active connection: linking before
                // uploading is a connector bug we want tests to catch, not silently accept.
                var target = state.OfActive(state.AccountingVendors)
                    .FirstOrDefault(a => remoteId is not null ? a.RemoteId == remoteId : a.RampId == optionId);
                if (target is null)
                    return RampErrors.BadRequest("No accounting vendor with that id on the active connection", remoteId is not null ? "accounting_vendor_remote_id" : "vendor_tracking_category_option_id");
                vendor.AccountingVendorRemoteId = target.RemoteId;
            }
            if (body.Bool("is_active") is { } active) vendor.IsActive = active;
            return Results.Json(RampCatalogShapes.Vendor(vendor), RampJson.Options);
        }
    }
}
