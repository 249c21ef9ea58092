using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Ramp;

/// <summary>Wire shapes of Ramp vendors, purchase orders, entities and the accounting objects. Call under the lock.</summary>
internal static class RampCatalogShapes
{
    /// <summary>Required (non-null) by the vendor and PO detail schemas; the sandbox business has no custom forms.</summary>
    private static readonly object NoCustomForms = new { custom_form_collection_log_entry = new { forms = Array.Empty<object>(), label = (string?)null } };

    public static object Vendor(RampVendor v)
    {
        var seed = v.Seed;
        var zero = RampJson.Money(0, seed.Currency);
        return new
        {
            id = v.Id,
            name = v.Name,
            accounting_vendor_remote_id = v.AccountingVendorRemoteId,
            is_active = v.IsActive,
            is_deletable = false,
            country = seed.Country,
            state = seed.State,
            address = new { address_line_1 = seed.Street, city = seed.City, country = seed.Country, postal_code = seed.PostalCode, state = seed.State },
            contacts = new[] { RampIds.For("contact:" + seed.Number) },
            created_at = RampJson.Timestamp(SandboxCompanyGenerator.AsOf.AddYears(-2)),
            vendor_type = "BUSINESS",
            vendor_owner_id = RampIds.For("user:vendor-owner"),
            description = $"{seed.Category} supplier",
            total_spend_all_time = zero,
            total_spend_last_30_days = zero,
            total_spend_last_365_days = zero,
            total_spend_ytd = zero,
            custom_form_collection_response = NoCustomForms,
        };
    }

    public static object PurchaseOrder(RampState state, PurchaseOrder po)
    {
        var vendor = state.VendorsByNumber[po.VendorNumber];
        return new
        {
            id = po.Id,
            // Ramp normalises PO numbers ("PO000002" → "2") [code C1].
            purchase_order_number = po.Number.TrimStart('P', 'O').TrimStart('0'),
            name = $"{vendor.Seed.Name} order",
            memo = (string?)null,
            remote_id = (string?)null,
            amount = RampJson.Money(po.Lines.Sum(l => l.Amount), po.Currency),
            spend_total_amount = RampJson.Money(0, po.Currency),
            vendor_id = vendor.Id,
            entity_id = state.EntityIdOf(po.LegalEntityId),
            user_id = (string?)null,
            billing_status = po.Open ? "OPEN" : "CLOSED",
            receipt_status = "NOT_RECEIVED",
            creation_source = "RAMP",
            net_payment_terms = 30,
            promise_date = (string?)null,
            spend_start_date = RampJson.Timestamp(po.OrderedOn),
            spend_end_date = (string?)null,
            spend_request_id = (string?)null,
            three_way_match_enabled = false,
            accounting_field_selections = Array.Empty<object>(),
            line_items = po.Lines.Select(l => new
            {
                id = RampIds.For($"po-line:{po.Id}:{l.LineNumber}"),
                remote_id = (string?)null,
                description = l.Description,
                amount = RampJson.Money(l.Amount, po.Currency),
                unit_price = RampJson.Money(l.UnitPrice, po.Currency),
                unit_quantity = (int)l.Quantity,
                accounting_field_selections = Array.Empty<object>(),
            }).ToList(),
            bill_ids = Array.Empty<string>(),
            transaction_ids = Array.Empty<string>(),
            archived_at = (string?)null,
            created_at = RampJson.Timestamp(po.OrderedOn),
            custom_form_collection_response = NoCustomForms,
        };
    }

    public static object Entity(RampEntity e) => new
    {
        id = e.Id,
        entity_name = e.Seed.Name,
        is_primary = e.IsPrimary,
        currency = e.Seed.Currency,
        location_ids = Array.Empty<string>(),
        accounts = Array.Empty<object>(),
    };

    public static object Connection(RampConnection c) => new
    {
        id = c.Id,
        remote_provider_name = c.Provider,
        status = c.IsActive ? "linked" : "unlinked",
        is_active = c.IsActive,
        connection_type = "API",
        created_at = RampJson.Timestamp(c.CreatedAt),
        last_linked_at = c.LastLinkedAt is { } at ? RampJson.Timestamp(at) : null,
    };

    public static object GlAccount(UploadedItem a) => new
    {
        id = a.RemoteId,
        ramp_id = a.RampId,
        name = a.Name,
        code = a.Code,
        classification = a.Classification,
        is_active = a.IsActive,
        created_at = RampJson.Timestamp(a.CreatedAt),
        updated_at = RampJson.Timestamp(a.UpdatedAt),
    };

    public static object AccountingVendor(UploadedItem v) => new
    {
        id = v.RemoteId,
        ramp_id = v.RampId,
        name = v.Name,
        code = v.Code,
        is_active = v.IsActive,
        // [inferred] An uploaded vendor came from the ERP, so it counts as synced.
        is_synced = true,
        created_at = RampJson.Timestamp(v.CreatedAt),
        updated_at = RampJson.Timestamp(v.UpdatedAt),
    };

    public static object Field(CustomField f) => new
    {
        id = f.RemoteId,
        ramp_id = f.RampId,
        name = f.Name,
        display_name = f.DisplayName,
        input_type = f.InputType,
        is_active = f.IsActive,
        is_splittable = f.IsSplittable,
        is_required_for = f.IsRequiredFor,
        created_at = RampJson.Timestamp(f.CreatedAt),
        updated_at = RampJson.Timestamp(f.UpdatedAt),
    };

    public static object Option(UploadedItem o) => new
    {
        id = o.RemoteId,
        ramp_id = o.RampId,
        value = o.Name,
        display_name = o.DisplayName ?? o.Name,
        code = o.Code,
        is_active = o.IsActive,
        visibility = o.Visibility,
        created_at = RampJson.Timestamp(o.CreatedAt),
        updated_at = RampJson.Timestamp(o.UpdatedAt),
    };

    public static object Webhook(WebhookSubscription w, bool withSecret) => withSecret
        ? new
        {
            id = w.Id, endpoint_url = w.EndpointUrl, event_types = w.EventTypes, status = w.Status, secret = w.Secret,
            additional_headers = w.AdditionalHeaders, business_id = RampIds.BusinessId,
            created_at = RampJson.Timestamp(w.CreatedAt), updated_at = RampJson.Timestamp(w.UpdatedAt),
        }
        : new
        {
            id = w.Id, endpoint_url = w.EndpointUrl, event_types = w.EventTypes, status = w.Status,
            additional_headers = w.AdditionalHeaders, business_id = RampIds.BusinessId,
            created_at = RampJson.Timestamp(w.CreatedAt), updated_at = RampJson.Timestamp(w.UpdatedAt),
        } as object;
}
