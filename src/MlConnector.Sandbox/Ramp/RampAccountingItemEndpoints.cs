using System.Text.Json.Nodes;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// One uploaded accounting object by its Ramp id: GET, PATCH (rename, recode, reactivate, hide) and DELETE, which is
/// a soft delete (<c>is_active:false</c>) undone by <c>PATCH {"reactivate":true}</c> (fields: re-POST the id) [doc S1].
/// </summary>
internal static class RampAccountingItemEndpoints
{
    public static void Map(RouteGroupBuilder api, RampState state, RampAuth auth, TimeProvider clock)
    {
        const string read = "accounting:read", write = "accounting:write";
        foreach (var (path, items, shape, nameProperty) in new (string, List<UploadedItem>, Func<UploadedItem, object>, string)[]
                 {
                     ("/accounting/accounts/{id}", state.GlAccounts, RampCatalogShapes.GlAccount, "name"),
                     ("/accounting/vendors/{id}", state.AccountingVendors, RampCatalogShapes.AccountingVendor, "name"),
                     ("/accounting/field-options/{id}", state.FieldOptions, RampCatalogShapes.Option, "value"),
                 })
        {
            api.MapGet(path, (string id) => RampSpendEndpoints.Locked(state, () => Find(state, items, id) is { } item
                ? Results.Json(shape(item), RampJson.Options)
                : RampErrors.NotFoundError("Accounting object"))).RequireScope(auth, read);
            api.MapDelete(path, (string id) => RampSpendEndpoints.Locked(state, () =>
            {
                if (Find(state, items, id) is not { } item) return RampErrors.NotFoundError("Accounting object");
                (item.IsActive, item.UpdatedAt) = (false, clock.GetUtcNow());
                return Results.NoContent();
            })).RequireScope(auth, write);
            api.MapPatch(path, async (string id, HttpRequest request) =>
            {
                var (body, error) = await RampJson.ReadObjectAsync(request);
                return error ?? Patch(state, items, id, body, nameProperty, shape, clock);
            }).RequireScope(auth, write);
        }

        api.MapGet("/accounting/fields/{id}", (string id) => RampSpendEndpoints.Locked(state, () => FindField(state, id) is { } field
            ? Results.Json(RampCatalogShapes.Field(field), RampJson.Options)
            : RampErrors.NotFoundError("Custom field"))).RequireScope(auth, read);
        api.MapDelete("/accounting/fields/{id}", (string id) => RampSpendEndpoints.Locked(state, () =>
        {
            if (FindField(state, id) is not { } field) return RampErrors.NotFoundError("Custom field");
            (field.IsActive, field.UpdatedAt) = (false, clock.GetUtcNow());
            return Results.NoContent();
        })).RequireScope(auth, write);
        api.MapPatch("/accounting/fields/{id}", async (string id, HttpRequest request) =>
        {
            var (body, error) = await RampJson.ReadObjectAsync(request);
            if (error is not null) return error;
            if (body.ContainsKey("name") && string.IsNullOrWhiteSpace(body.String("name"))) return RampErrors.Invalid("name", "Not a valid string.");
            lock (state.Gate)
            {
                if (FindField(state, id) is not { } field) return RampErrors.NotFoundError("Custom field");
                if (body.String("name") is { } name) field.Name = name;
                if (body.ContainsKey("display_name")) field.DisplayName = body.String("display_name");
                if (body.Bool("is_splittable") is { } splittable) field.IsSplittable = splittable;
                field.UpdatedAt = clock.GetUtcNow();
                return Results.Json(RampCatalogShapes.Field(field), RampJson.Options);
            }
        }).RequireScope(auth, write);
    }

    private static UploadedItem? Find(RampState state, List<UploadedItem> items, string id) =>
        state.OfActive(items).FirstOrDefault(i => i.RampId == id);

    private static CustomField? FindField(RampState state, string id) => state.ActiveFields.FirstOrDefault(f => f.RampId == id);

    private static IResult Patch(RampState state, List<UploadedItem> items, string id, JsonObject body, string nameProperty,
        Func<UploadedItem, object> shape, TimeProvider clock)
    {
        if (body.ContainsKey(nameProperty) && string.IsNullOrWhiteSpace(body.String(nameProperty)))
            return RampErrors.Invalid(nameProperty, "Not a valid string.");
        // The spec's enum for reactivate is [true]: false is a schema error, not "deactivate" (DELETE does that).
        if (body.ContainsKey("reactivate") && body.Bool("reactivate") is not true) return RampErrors.Invalid("reactivate", "Must be one of: True.");
        var visibility = body.String("visibility");
        if (body.ContainsKey("visibility") && (nameProperty != "value" || visibility is not ("HIDDEN" or "VISIBLE")))
            return RampErrors.Invalid("visibility", "Must be one of: HIDDEN, VISIBLE.");
        lock (state.Gate)
        {
            if (Find(state, items, id) is not { } item) return RampErrors.NotFoundError("Accounting object");
            if (body.String(nameProperty) is { } name) item.Name = name;
            // An empty code resets it [doc S4].
            if (body.ContainsKey("code")) item.Code = string.IsNullOrEmpty(body.String("code")) ? null : body.String("code");
            if (body.ContainsKey("display_name")) item.DisplayName = body.String("display_name");
            if (visibility is not null) item.Visibility = visibility;
            if (body.Bool("reactivate") is true) item.IsActive = true;
            item.UpdatedAt = clock.GetUtcNow();
            return Results.Json(shape(item), RampJson.Options);
        }
    }
}
