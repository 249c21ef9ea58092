using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// Webhook subscriptions: create (secret shown once, <c>pending_verification</c>, a signed
/// <c>webhooks.verification</c> challenge is POSTed), verify with the challenge, list, get, delete.
/// </summary>
internal static class RampWebhookEndpoints
{
    /// <summary>The 2025 spec's enum plus the 2026 additions the contract lists; the newer source wins.</summary>
    public static readonly string[] EventTypes =
    [
        "bills.approved", "bills.created", "bills.paid", "bills.rejected", "bills.ready_to_sync", "bills.updated", "bills.archived",
        "purchase_orders.created", "purchase_orders.updated", "reimbursements.ready_for_review", "reimbursements.ready_to_sync",
        "reimbursements.sync_requested", "tests.test_event", "transactions.authorized", "transactions.cleared",
        "transactions.ready_for_review", "transactions.ready_to_sync", "transactions.sync_requested", "transactions.synced",
        "transactions.declined", "webhooks.verification",
    ];

    // Reserved names a subscriber may not override [code C3].
    private static readonly string[] ReservedHeaders = ["host", "user-agent", "content-type", "content-length", "x-ramp-signature", "x-ramp-webhook-id"];

    public static void Map(RouteGroupBuilder api, RampState state, RampAuth auth, RampWebhookDispatcher dispatcher, TimeProvider clock)
    {
        api.MapPost("/webhooks", (HttpRequest request) => CreateAsync(request.HttpContext, state, dispatcher, clock)).RequireScope(auth, null);
        api.MapGet("/webhooks", () => RampSpendEndpoints.Locked(state, () =>
            Results.Json(state.Webhooks.Select(w => RampCatalogShapes.Webhook(w, withSecret: false)).ToList(), RampJson.Options)))
            .RequireScope(auth, null);
        api.MapGet("/webhooks/{id}", (string id) => RampSpendEndpoints.Locked(state, () => state.Webhooks.FirstOrDefault(w => w.Id == id) is { } w
            ? Results.Json(RampCatalogShapes.Webhook(w, withSecret: false), RampJson.Options)
            : RampErrors.NotFoundError("Webhook"))).RequireScope(auth, null);
        api.MapDelete("/webhooks/{id}", (string id) => RampSpendEndpoints.Locked(state, () =>
            state.Webhooks.RemoveAll(w => w.Id == id) > 0 ? Results.NoContent() : RampErrors.NotFoundError("Webhook"))).RequireScope(auth, null);
        api.MapPost("/webhooks/mock-webhook-event", async (HttpRequest request) =>
        {
            var (body, error) = await RampJson.ReadObjectAsync(request);
            if (error is not null) return error;
            var type = body.String("event_type");
            if (type is null or "webhooks.verification" || !EventTypes.Contains(type)) return RampErrors.Invalid("event_type", "Not a valid event type.");
            if (string.IsNullOrWhiteSpace(body.String("object_id"))) return RampErrors.Invalid("object_id", "Missing data for required field.");
            if (ScopeFor(type) is { } scope && !RampScopes.TokenOf(request.HttpContext).Scopes.Contains(scope))
                return RampErrors.Error(403, RampErrors.InsufficientScope, $"Missing required scope: {scope}");
            // 2026 endpoint [code C2,C3]: a real, signed delivery with no test marker, to every matching active subscription.
            lock (state.Gate) dispatcher.Enqueue(Deliveries(state, [(type, body.String("object_id")!)], clock.GetUtcNow()));
            return Results.Json(new { }, RampJson.Options, statusCode: 201);
        }).RequireScope(auth, null);
        api.MapPost("/webhooks/{id}/verify", async (string id, HttpRequest request) =>
        {
            var (body, error) = await RampJson.ReadObjectAsync(request);
            if (error is not null) return error;
            if (string.IsNullOrEmpty(body!.String("challenge"))) return RampErrors.Invalid("challenge", "Missing data for required field.");
            lock (state.Gate)
            {
                if (state.Webhooks.FirstOrDefault(w => w.Id == id) is not { } webhook) return RampErrors.NotFoundError("Webhook");
                if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(webhook.Challenge),
                        System.Text.Encoding.UTF8.GetBytes(body.String("challenge")!)))
                    return RampErrors.BadRequest("Challenge does not match", "challenge");
                webhook.Status = "active";
                webhook.UpdatedAt = clock.GetUtcNow();
                return Results.Json(new { success = true }, RampJson.Options);
            }
        }).RequireScope(auth, null);
    }

    /// <summary>The read scope an event family needs [doc S3]; null for families with no data behind them.</summary>
    public static string? ScopeFor(string eventType) => eventType.Split('.')[0] switch
    {
        "transactions" => "transactions:read",
        "bills" => "bills:read",
        "reimbursements" => "reimbursements:read",
        "purchase_orders" => "purchase_orders:read",
        _ => null,
    };

    private static async Task<IResult> CreateAsync(HttpContext http, RampState state, RampWebhookDispatcher dispatcher, TimeProvider clock)
    {
        var (body, error) = await RampJson.ReadObjectAsync(http.Request);
        if (error is not null) return error;
        var url = body!.String("endpoint_url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            return RampErrors.Invalid("endpoint_url", "Not a valid URL.");
        if (body["event_types"] is not JsonArray types || types.Count == 0)
            return RampErrors.Invalid("event_types", "Missing data for required field.");
        var eventTypes = types.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).ToList();
        if (eventTypes.Any(t => !EventTypes.Contains(t)))
            return RampErrors.Invalid("event_types", $"Unknown event type: {eventTypes.First(t => !EventTypes.Contains(t))}");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (body["additional_headers"] is JsonObject extra)
        {
            if (extra.Count > 5) return RampErrors.Invalid("additional_headers", "At most 5 additional headers.");
            foreach (var (name, value) in extra)
            {
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (text is null || name.Length > 100 || text.Length > 1000 || ReservedHeaders.Contains(name.ToLowerInvariant()) ||
                    name.StartsWith("x-forwarded", StringComparison.OrdinalIgnoreCase))
                    return RampErrors.Invalid("additional_headers", $"Header {name} is not allowed.");
                headers[name] = text;
            }
        }
        var token = RampScopes.TokenOf(http);
        // Subscribing to an event family needs that family's read scope.
        if (eventTypes.Select(t => ScopeFor(t!)).OfType<string>().FirstOrDefault(s => !token.Scopes.Contains(s)) is { } missing)
            return RampErrors.Error(403, RampErrors.InsufficientScope, $"Missing required scope: {missing}");

        WebhookSubscription webhook;
        lock (state.Gate)
        {
            webhook = new WebhookSubscription(state.NextId("webhook"), url!, eventTypes!, "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), clock.GetUtcNow()) { AdditionalHeaders = headers };
            state.Webhooks.Add(webhook);
        }
        // The handshake: the challenge at the top level [code C4], signed with the new secret although receivers
        // may not have stored it yet; no X-Ramp-Webhook-ID on this one [code C3].
        var payload = RampWebhookDispatcher.Serialize(new
        {
            type = "webhooks.verification",
            challenge = webhook.Challenge,
            business_id = RampIds.BusinessId,
            created_at = RampJson.Timestamp(clock.GetUtcNow()),
        });
        dispatcher.Enqueue([new WebhookDelivery(webhook.Id, webhook.EndpointUrl, webhook.Secret, null, payload, webhook.AdditionalHeaders)]);
        return Results.Json(RampCatalogShapes.Webhook(webhook, withSecret: true), RampJson.Options, statusCode: 201);
    }

    /// <summary>
    /// Thin envelopes for each event, one delivery per active subscription that wants the type; call under the lock.
    /// Returned as one batch so the dispatcher can reorder it when asked.
    /// </summary>
    public static List<WebhookDelivery> Deliveries(RampState state, IEnumerable<(string Type, string ObjectId)> events, DateTimeOffset at)
    {
        var deliveries = new List<WebhookDelivery>();
        foreach (var (type, objectId) in events)
        {
            var eventId = state.NextId("event");
            var body = RampWebhookDispatcher.Serialize(new
            {
                id = eventId,
                type,
                created_at = RampJson.Timestamp(at),
                business_id = RampIds.BusinessId,
                @object = new { id = objectId },
            });
            deliveries.AddRange(state.Webhooks.Where(w => w.Status == "active" && w.EventTypes.Contains(type))
                .Select(w => new WebhookDelivery(w.Id, w.EndpointUrl, w.Secret, eventId, body, w.AdditionalHeaders)));
        }
        return deliveries;
    }
}
