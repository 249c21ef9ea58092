using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Ramp;

/// <summary>A webhook subscription as Ramp shows it; <paramref name="Secret"/> only in the answer to its creation.</summary>
public sealed record RampWebhook(string Id, string EndpointUrl, IReadOnlyList<string> EventTypes, string Status, string? Secret);

/// <summary>Ramp's webhook subscriptions: create (secret shown once), read, verify with the challenge, delete [contract §5].</summary>
public sealed partial class RampClient
{
    /// <summary>
    /// The event types Ramp sends: the 2025 spec's enum and the 2026 additions the contract names, less the handshake and
    /// the test event. Subscriptions take the ones some flow of the integration handles.
    /// </summary>
    public static readonly IReadOnlyList<string> WebhookEventTypes =
    [
        "bills.created", "bills.approved", "bills.rejected", "bills.paid", "bills.ready_to_sync", "bills.updated", "bills.archived",
        "transactions.authorized", "transactions.cleared", "transactions.ready_for_review", "transactions.ready_to_sync",
        "transactions.sync_requested", "transactions.synced", "transactions.declined",
        "reimbursements.ready_for_review", "reimbursements.ready_to_sync", "reimbursements.sync_requested",
        "purchase_orders.created", "purchase_orders.updated",
    ];

    /// <summary>Ramp's handshake event: <c>{"type":"webhooks.verification","challenge":"…"}</c>.</summary>
    public const string VerificationEvent = "webhooks.verification";

    /// <summary><c>POST /webhooks</c>: created <c>pending_verification</c>; Ramp then POSTs the challenge to <paramref name="endpointUrl"/>.</summary>
    public async Task<ConnectorResult<RampWebhook>> CreateWebhookAsync(RampCredentials credentials, RampToken token, Uri endpointUrl,
        IReadOnlyList<string> eventTypes, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Post, Api(credentials, "webhooks"), token,
            new JsonObject { ["endpoint_url"] = endpointUrl.ToString(), ["event_types"] = new JsonArray([.. eventTypes.Select(t => JsonValue.Create(t))]) });
        return await SendAsync(request, async response => ReadWebhook(await ReadRootAsync(response, ct)), ct);
    }

    /// <summary>The subscription, or null when Ramp no longer has it.</summary>
    public async Task<ConnectorResult<RampWebhook?>> GetWebhookAsync(RampCredentials credentials, RampToken token, string id, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Get, Api(credentials, $"webhooks/{Uri.EscapeDataString(id)}"), token);
        var found = await SendAsync<RampWebhook?>(request, async response => ReadWebhook(await ReadRootAsync(response, ct)), ct);
        return found.Failure is { StatusCode: 404 } ? ConnectorResult<RampWebhook?>.Ok(null) : found;
    }

    /// <summary><c>POST /webhooks/{id}/verify</c>; a wrong challenge comes back as a Permanent failure with status 400.</summary>
    public async Task<ConnectorResult<bool>> VerifyWebhookAsync(RampCredentials credentials, RampToken token, string id, string challenge, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Post, Api(credentials, $"webhooks/{Uri.EscapeDataString(id)}/verify"), token, new JsonObject { ["challenge"] = challenge });
        return await SendAsync(request, async response =>
        {
            var body = await ReadRootAsync(response, ct);
            return !body.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.False;
        }, ct);
    }

    /// <summary>True when deleted now, false when Ramp had no such subscription (already gone).</summary>
    public async Task<ConnectorResult<bool>> DeleteWebhookAsync(RampCredentials credentials, RampToken token, string id, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Delete, Api(credentials, $"webhooks/{Uri.EscapeDataString(id)}"), token);
        var deleted = await SendAsync(request, _ => Task.FromResult(true), ct);
        return deleted.Failure is { StatusCode: 404 } ? ConnectorResult<bool>.Ok(false) : deleted;
    }

    private static RampWebhook ReadWebhook(JsonElement e) => new(
        RampChartItem.Text(e, "id") ?? "", RampChartItem.Text(e, "endpoint_url") ?? "",
        e.TryGetProperty("event_types", out var types) && types.ValueKind == JsonValueKind.Array
            ? types.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList()
            : [],
        RampChartItem.Text(e, "status") ?? "", RampChartItem.Text(e, "secret"));
}
