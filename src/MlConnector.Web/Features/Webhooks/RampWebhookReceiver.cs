using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>The answer to one delivery: its status code and a short word for the sender (never the reason in detail).</summary>
public sealed record WebhookAnswer(int Status, string Message);

/// <summary>
/// <c>POST /webhooks/ramp/{integrationId}</c>: stores every delivery before answering. The handshake
/// (<c>webhooks.verification</c>) is answered 200 and its challenge kept for the portal's verify call, signed or not
/// (the secret may not be stored yet when it comes). Anything else must carry a valid signature: refused deliveries are
/// stored with the reason and answered 401, accepted ones are stored once per event id and answered 200 at once; the
/// sync engine gets them from <see cref="InboundEventPump"/> after the answer (and from the backfill job if that is lost).
/// </summary>
public sealed partial class RampWebhookReceiver(AppDbContext db, CurrentWorkspace current, WebhookSecrets secrets, InboundEventPump pump,
    IOptions<WebhooksOptions> options, TimeProvider clock, ILogger<RampWebhookReceiver> log)
{
    public const string WebhookIdHeader = "X-Ramp-Webhook-ID";

    public async Task<WebhookAnswer> ReceiveAsync(Guid integrationId, HttpRequest request, CancellationToken ct)
    {
        // Anonymous: the integration in the URL says whose delivery this is. Looked up past the tenancy filter, then
        // everything else happens inside that integration's workspace.
        var integration = await db.Integrations.IgnoreQueryFilters().Where(i => i.Id == integrationId)
            .Select(i => new { i.WorkspaceId, i.Kind }).SingleOrDefaultAsync(ct);
        if (integration is null || !ConnectionStore.SystemsOf(integration.Kind).Contains(ExternalSystem.Ramp))
        {
            LogUnknownIntegration(integrationId);
            return new WebhookAnswer(StatusCodes.Status404NotFound, "unknown endpoint");
        }
        current.Enter(integration.WorkspaceId, WorkspaceRole.Owner);

        var headerId = request.Headers[WebhookIdHeader].ToString() is { Length: > 0 } h ? h : null;
        var body = await ReadCappedAsync(request, options.Value.MaxBodyBytes, ct);
        if (body is null)
            return await RefuseAsync(integrationId, headerId, default, null, string.Create(CultureInfo.InvariantCulture, $"Body over {options.Value.MaxBodyBytes:N0} bytes"), StatusCodes.Status413PayloadTooLarge, ct);

        var envelope = Envelope.Read(body);
        var text = Encoding.UTF8.GetString(body);
        var subscription = await db.WebhookSubscriptions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.IntegrationId == integrationId && s.Provider == WebhookProviders.Ramp, ct);
        var verdict = subscription is null
            ? (SignatureVerdict?)null
            : WebhookSignature.Verify(secrets.Unprotect(subscription.WorkspaceId, subscription.SecretCiphertext), body,
                WebhookSignature.HeaderNames.Select(n => request.Headers[n].ToString()));

        if (envelope.Type == RampClient.VerificationEvent && envelope.Challenge is { Length: > 0 } challenge)
            return await HandshakeAsync(integrationId, envelope, challenge, text, verdict, ct);

        var refusal = verdict switch
        {
            null => "No webhook subscription for this integration",
            SignatureVerdict.Missing => "Unsigned",
            SignatureVerdict.Mismatch => "Signature does not match",
            _ => null,
        };
        if (refusal is not null) return await RefuseAsync(integrationId, headerId, envelope, text, refusal, StatusCodes.Status401Unauthorized, ct);
        if ((envelope.Id ?? headerId) is not { } eventId || envelope.Type is null)
            return await RefuseAsync(integrationId, headerId, envelope, text, "Signed, but no event id or type in the body", StatusCodes.Status400BadRequest, ct);

        var received = new InboundEvent
        {
            IntegrationId = integrationId, Provider = WebhookProviders.Ramp, EventId = SyncLedger.Clip(eventId, 200)!, EventType = SyncLedger.Clip(envelope.Type, 100),
            ObjectId = SyncLedger.Clip(envelope.ObjectId, 200), ReceivedAt = clock.GetUtcNow(), Accepted = true, RawBody = text,
        };
        if (!await StoreOnceAsync(received, ct)) return new WebhookAnswer(StatusCodes.Status200OK, "duplicate");
        pump.Enqueue(received.WorkspaceId, received.Id);
        return new WebhookAnswer(StatusCodes.Status200OK, "received");
    }

    private async Task<WebhookAnswer> HandshakeAsync(Guid integrationId, Envelope envelope, string challenge, string text, SignatureVerdict? verdict, CancellationToken ct)
    {
        var signature = verdict switch
        {
            SignatureVerdict.Valid => "signed with the stored secret",
            SignatureVerdict.Missing => "unsigned, tolerated",
            SignatureVerdict.Mismatch => "not the stored secret's, tolerated: it may be a new subscription's",
            _ => "not checked: no secret stored yet",
        };
        var now = clock.GetUtcNow();
        var received = new InboundEvent
        {
            IntegrationId = integrationId, Provider = WebhookProviders.Ramp,
            // The handshake has no X-Ramp-Webhook-ID [contract §5]; its challenge identifies it.
            EventId = envelope.Id ?? "verification:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(challenge)))[..32],
            EventType = RampClient.VerificationEvent, ReceivedAt = now, Accepted = true, RawBody = text, ProcessedAt = now,
            Outcome = $"Handshake answered; the challenge waits for the portal's verify call (signature {signature}).",
        };
        await StoreOnceAsync(received, ct);
        return new WebhookAnswer(StatusCodes.Status200OK, "challenge received");
    }

    private async Task<WebhookAnswer> RefuseAsync(Guid integrationId, string? headerId, Envelope envelope, string? text, string reason, int status, CancellationToken ct)
    {
        db.InboundEvents.Add(new InboundEvent
        {
            IntegrationId = integrationId, Provider = WebhookProviders.Ramp,
            // Refused deliveries are outside the unique key, so the id they claim is kept as claimed.
            EventId = SyncLedger.Clip(envelope.Id ?? headerId, 200) ?? "unidentified:" + Guid.CreateVersion7().ToString("N"),
            EventType = SyncLedger.Clip(envelope.Type, 100), ObjectId = SyncLedger.Clip(envelope.ObjectId, 200),
            ReceivedAt = clock.GetUtcNow(), Accepted = false, RejectReason = reason, RawBody = text,
        });
        await db.SaveChangesAsync(ct);
        LogRefused(integrationId, status, reason);
        return new WebhookAnswer(status, status == StatusCodes.Status401Unauthorized ? "invalid signature" : "refused");
    }

    /// <summary>Stores an accepted delivery unless its event id is already stored; false for a duplicate.</summary>
    private async Task<bool> StoreOnceAsync(InboundEvent received, CancellationToken ct)
    {
        if (await IsStoredAsync(received, ct)) return false;
        db.InboundEvents.Add(received);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Ramp sent the same event again while the first delivery was being stored (its retry after a slow answer).
            db.Entry(received).State = EntityState.Detached;
            if (await IsStoredAsync(received, ct)) return false;
            throw;
        }
    }

    private Task<bool> IsStoredAsync(InboundEvent e, CancellationToken ct) =>
        db.InboundEvents.AnyAsync(x => x.IntegrationId == e.IntegrationId && x.Provider == e.Provider && x.EventId == e.EventId && x.Accepted, ct);

    /// <summary>The body, or null when it is over <paramref name="max"/> bytes (read no further than that).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>What a Ramp body says about itself (<c>id</c>, <c>type</c>, <c>object.id</c>, <c>challenge</c>); empty when it is not JSON.</summary>
    private readonly record struct Envelope(string? Id, string? Type, string? ObjectId, string? Challenge)
    {
        public static Envelope Read(byte[] body)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return default;
                var objectId = root.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object ? Text(o, "id") : null;
                return new Envelope(Text(root, "id"), Text(root, "type"), objectId, Text(root, "challenge"));
            }
            catch (JsonException)
            {
                return default;
            }
        }

        private static string? Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery for unknown integration {IntegrationId} answered 404")]
    private partial void LogUnknownIntegration(Guid integrationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery for integration {IntegrationId} refused ({Status}): {Reason}")]
    private partial void LogRefused(Guid integrationId, int status, string reason);
}
