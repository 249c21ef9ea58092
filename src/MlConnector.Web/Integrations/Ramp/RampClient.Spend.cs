using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Ramp;

/// <summary>The answer to an accounting-syncs report: Ramp's sync id, or "already applied" for a reused idempotency key.</summary>
public sealed record RampSyncReceipt(string? SyncId, bool AlreadyApplied);

/// <summary>Ramp's spend objects read one at a time (a webhook names an object; its truth is fetched) and the sync report back.</summary>
public sealed partial class RampClient
{
    /// <summary>Ramp's answer for a reused <c>idempotency_key</c>; the earlier call with that key was applied [contract §4].</summary>
    public const string IdempotencyKeyExists = "DEVELOPER_7005";

    /// <summary>GET one object (e.g. <c>bills/{id}</c>); null when Ramp says it does not exist.</summary>
    public async Task<ConnectorResult<JsonElement?>> GetObjectAsync(RampCredentials credentials, RampToken token, string path, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Get, Api(credentials, path), token);
        var found = await SendAsync<JsonElement?>(request, async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return json.RootElement.Clone();
        }, ct);
        return found.Failure is { StatusCode: 404 } ? ConnectorResult<JsonElement?>.Ok(null) : found;
    }

    /// <summary>
    /// <c>POST /accounting/syncs</c>. The body carries a deterministic <c>idempotency_key</c>, so a repeat of a call that
    /// landed (a retry after a timeout, another node) gets 400 <c>DEVELOPER_7005</c>, which means "already applied".
    /// </summary>
    public async Task<ConnectorResult<RampSyncReceipt>> ReportSyncsAsync(RampCredentials credentials, RampToken token, JsonObject body, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Post, Api(credentials, "accounting/syncs"), token, body);
        var sent = await SendAsync(request, async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return new RampSyncReceipt(json.RootElement.TryGetProperty("sync_id", out var id) ? id.GetString() : null, false);
        }, ct);
        return sent.Failure is { Code: IdempotencyKeyExists } ? ConnectorResult<RampSyncReceipt>.Ok(new RampSyncReceipt(null, true)) : sent;
    }
}
