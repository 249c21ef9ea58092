using System.Text.Json.Nodes;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// The accounting connection and the chart the connector uploads into it: GL accounts, accounting vendors,
/// custom fields and their options. Uploads are all-or-nothing batches of 1–500.
/// </summary>
internal static class RampAccountingEndpoints
{
    public const int MaxBatch = 500;

    private static readonly string[] Classifications = ["ANY", "ASSET", "CREDCARD", "EQUITY", "EXPENSE", "LIABILITY", "REVENUE", "UNKNOWN"];
    private static readonly string[] InputTypes = ["BOOLEAN", "FREE_FORM_TEXT", "SINGLE_CHOICE"];
    private static readonly string[] RequiredFor = ["BILL", "BILL_PAYMENT", "PURCHASE_ORDER", "REIMBURSEMENT", "TRANSACTION"];

    public static void Map(RouteGroupBuilder api, RampState state, RampAuth auth, TimeProvider clock)
    {
        const string read = "accounting:read", write = "accounting:write";
        var accounting = api.MapGroup("/accounting");
        accounting.MapPost("/connection", (HttpRequest request) => CreateConnectionAsync(request, state, clock)).RequireScope(auth, write);
        accounting.MapGet("/connection", () => RampSpendEndpoints.Locked(state, () => state.ActiveConnection is { } c
            ? Results.Json(RampCatalogShapes.Connection(c), RampJson.Options)
            : RampErrors.NotFoundError("Accounting connection"))).RequireScope(auth, read);
        accounting.MapGet("/all-connections", () => RampSpendEndpoints.Locked(state, () =>
            Results.Json(new { connections = state.Connections.Select(RampCatalogShapes.Connection).ToList() }, RampJson.Options)))
            .RequireScope(auth, read);
        accounting.MapDelete("/connection", () => RampSpendEndpoints.Locked(state, () =>
        {
            if (state.ActiveConnection is not { } active) return RampErrors.NotFoundError("Accounting connection");
            active.IsActive = false;
            return Results.NoContent();
        })).RequireScope(auth, write);
        accounting.MapPost("/connection/{id}/reactivate", (string id) => RampSpendEndpoints.Locked(state, () =>
        {
            if (state.Connections.FirstOrDefault(c => c.Id == id) is not { } connection) return RampErrors.NotFoundError("Accounting connection");
            if (state.ActiveConnection is { } active && active != connection)
                return RampErrors.BadRequest("Another accounting connection is active; disconnect it first");
            connection.IsActive = true;
            connection.LastLinkedAt = clock.GetUtcNow();
            return Results.Json(RampCatalogShapes.Connection(connection), RampJson.Options);
        })).RequireScope(auth, write);

        accounting.MapGet("/accounts", (HttpRequest request) => ListUploaded(request, state, state.GlAccounts, RampCatalogShapes.GlAccount)).RequireScope(auth, read);
        accounting.MapPost("/accounts", (HttpRequest request) => UploadAsync(request, state, clock, "gl_accounts", state.GlAccounts, null,
            ValidateGlAccount, RampCatalogShapes.GlAccount)).RequireScope(auth, write);
        accounting.MapGet("/vendors", (HttpRequest request) => ListUploaded(request, state, state.AccountingVendors, RampCatalogShapes.AccountingVendor)).RequireScope(auth, read);
        accounting.MapPost("/vendors", (HttpRequest request) => UploadAsync(request, state, clock, "vendors", state.AccountingVendors, null,
            ValidateNamed("name"), RampCatalogShapes.AccountingVendor)).RequireScope(auth, write);

        accounting.MapGet("/fields", (HttpRequest request) => RampSpendEndpoints.Locked(state, () =>
        {
            var remote = request.Query("remote_id");
            var active = request.QueryBool("is_active");
            var fields = state.ActiveFields.Where(f => (remote is null || f.RemoteId == remote) && (active is null || f.IsActive == active));
            return RampPaging.Page(request, fields.ToList(), f => f.RampId, RampCatalogShapes.Field);
        })).RequireScope(auth, read);
        accounting.MapPost("/fields", (HttpRequest request) => CreateFieldAsync(request, state, clock)).RequireScope(auth, write);

        accounting.MapGet("/field-options", (HttpRequest request) =>
        {
            // field_id is required here: options only make sense within their field.
            if (request.Query("field_id") is not { } fieldId) return RampErrors.Invalid("field_id", "Missing data for required field.");
            return ListUploaded(request, state, state.FieldOptions, RampCatalogShapes.Option, o => o.FieldRampId == fieldId);
        }).RequireScope(auth, read);
        accounting.MapPost("/field-options", async (HttpRequest request) =>
        {
            var (body, error) = await RampJson.ReadObjectAsync(request);
            if (error is not null) return error;
            if (body!.String("field_id") is not { } fieldId) return RampErrors.Invalid("field_id", "Missing data for required field.");
            lock (state.Gate)
            {
                if (!state.ActiveFields.Any(f => f.RampId == fieldId && f.IsActive))
                    return RampErrors.BadRequest("No active custom field with that ramp id", "field_id");
            }
            return Upload(body, state, clock, "options", state.FieldOptions, fieldId, ValidateNamed("value"), RampCatalogShapes.Option);
        }).RequireScope(auth, write);
    }

    private static async Task<IResult> CreateConnectionAsync(HttpRequest request, RampState state, TimeProvider clock)
    {
        var (body, error) = await RampJson.ReadObjectAsync(request);
        if (error is not null) return error;
        if (string.IsNullOrWhiteSpace(body!.String("remote_provider_name")))
            return RampErrors.Invalid("remote_provider_name", "Missing data for required field.");
        lock (state.Gate)
        {
            // One active connection per business [doc S2]; [inferred] the error for a second one is a plain 400.
            if (state.ActiveConnection is not null)
                return RampErrors.BadRequest("An accounting connection is already active; disconnect it first");
            var connection = new RampConnection(state.NextId("connection"), body.String("remote_provider_name")!, clock.GetUtcNow());
            state.Connections.Add(connection);
            return Results.Json(RampCatalogShapes.Connection(connection), RampJson.Options, statusCode: 201);
        }
    }

    private static IResult ListUploaded(HttpRequest request, RampState state, List<UploadedItem> items, Func<UploadedItem, object> shape,
        Func<UploadedItem, bool>? where = null)
    {
        var remote = request.Query("remote_id");
        var active = request.QueryBool("is_active");
        lock (state.Gate)
        {
            var selected = state.OfActive(items).Where(i => (where is null || where(i)) &&
                (remote is null || i.RemoteId == remote) && (active is null || i.IsActive == active)).ToList();
            return RampPaging.Page(request, selected, i => i.RampId, shape);
        }
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, RampState state, TimeProvider clock, string listName,
        List<UploadedItem> target, string? fieldId, Func<JsonObject, string?> validate, Func<UploadedItem, object> shape)
    {
        var (body, error) = await RampJson.ReadObjectAsync(request);
        return error ?? Upload(body!, state, clock, listName, target, fieldId, validate, shape);
    }

    /// <summary>
    /// All-or-nothing: a malformed item (422), a duplicate id within the batch or an id that already exists on the
    /// connection (400) rejects the whole batch and nothing is stored.
    /// </summary>
    private static IResult Upload(JsonObject body, RampState state, TimeProvider clock, string listName,
        List<UploadedItem> target, string? fieldId, Func<JsonObject, string?> validate, Func<UploadedItem, object> shape)
    {
        if (body[listName] is not JsonArray list) return RampErrors.Invalid(listName, "Missing data for required field.");
        if (list.Count is 0 or > MaxBatch) return RampErrors.Invalid(listName, $"Length must be between 1 and {MaxBatch}.");
        var items = new List<JsonObject>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject item) return RampErrors.Invalid($"{listName}.{i}", "Not a valid object.");
            if (string.IsNullOrWhiteSpace(item.String("id"))) return RampErrors.Invalid($"{listName}.{i}.id", "Missing data for required field.");
            if (validate(item) is { } problem) return RampErrors.Invalid($"{listName}.{i}", problem);
            items.Add(item);
        }
        lock (state.Gate)
        {
            // Ramp publishes no per-item rules beyond the schema; tests name an item Ramp refuses instead.
            var refused = items.FindIndex(i => state.UploadRejections.ContainsKey(i.String("id")!));
            if (refused >= 0) return RampErrors.Invalid($"{listName}.{refused}", state.UploadRejections[items[refused].String("id")!]);
        }
        var duplicate = items.GroupBy(i => i.String("id")).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return RampErrors.BadRequest($"Duplicate id in batch: {duplicate.Key}", listName);
        lock (state.Gate)
        {
            if (state.ActiveConnection is not { } connection) return RampErrors.BadRequest("No active accounting connection");
            var existing = state.OfActive(target).Where(t => t.FieldRampId == fieldId).Select(t => t.RemoteId).ToHashSet(StringComparer.Ordinal);
            if (items.FirstOrDefault(i => existing.Contains(i.String("id")!)) is { } clash)
                return RampErrors.BadRequest($"An object with id {clash.String("id")} already exists", listName);
            var now = clock.GetUtcNow();
            var created = items.Select(i => new UploadedItem(state.NextId(listName), connection.Id, i.String("id")!, now)
            {
                Name = i.String("name") ?? i.String("value")!,
                Code = i.String("code"),
                Classification = i.String("classification"),
                FieldRampId = fieldId,
            }).ToList();
            target.AddRange(created);
            return Results.Json(new Dictionary<string, object>
            {
                [listName] = created.Select(shape).ToList(),
                ["uploaded"] = created.Select(c => c.RampId).ToList(),
            }, RampJson.Options, statusCode: 201);
        }
    }

    private static string? ValidateGlAccount(JsonObject item)
    {
        if (ValidateNamed("name")(item) is { } problem) return problem;
        return Classifications.Contains(item.String("classification")) ? null : $"classification must be one of: {string.Join(", ", Classifications)}.";
    }

    private static Func<JsonObject, string?> ValidateNamed(string property) => item =>
        string.IsNullOrWhiteSpace(item.String(property)) ? $"{property}: Missing data for required field." : null;

    /// <summary>Creates a custom field; re-posting an existing id returns (and reactivates) it instead [doc S4].</summary>
    private static async Task<IResult> CreateFieldAsync(HttpRequest request, RampState state, TimeProvider clock)
    {
        var (body, error) = await RampJson.ReadObjectAsync(request);
        if (error is not null) return error;
        var id = body!.String("id");
        var name = body.String("name");
        var inputType = body.String("input_type");
        if (string.IsNullOrWhiteSpace(id)) return RampErrors.Invalid("id", "Missing data for required field.");
        if (string.IsNullOrWhiteSpace(name)) return RampErrors.Invalid("name", "Missing data for required field.");
        if (!InputTypes.Contains(inputType)) return RampErrors.Invalid("input_type", $"Must be one of: {string.Join(", ", InputTypes)}.");
        var requiredFor = new List<string>();
        if (body["is_required_for"] is JsonArray required)
        {
            foreach (var value in required.Select(r => r is JsonValue v && v.TryGetValue<string>(out var text) ? text : null))
            {
                if (!RequiredFor.Contains(value)) return RampErrors.Invalid("is_required_for", $"Must be one of: {string.Join(", ", RequiredFor)}.");
                requiredFor.Add(value!);
            }
        }
        lock (state.Gate)
        {
            if (state.ActiveConnection is not { } connection) return RampErrors.BadRequest("No active accounting connection");
            var field = state.ActiveFields.FirstOrDefault(f => f.RemoteId == id);
            if (field is null)
            {
                field = new CustomField(state.NextId("field"), connection.Id, id, clock.GetUtcNow());
                state.Fields.Add(field);
            }
            field.Name = name;
            field.DisplayName = body.String("display_name");
            field.InputType = inputType!;
            field.IsSplittable = body.Bool("is_splittable") ?? false;
            field.IsRequiredFor = requiredFor;
            field.IsActive = true;
            field.UpdatedAt = clock.GetUtcNow();
            return Results.Json(RampCatalogShapes.Field(field), RampJson.Options, statusCode: 201);
        }
    }
}
