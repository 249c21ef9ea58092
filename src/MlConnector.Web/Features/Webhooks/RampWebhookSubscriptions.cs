using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>An integration's Ramp subscription as stored, and what its deliveries have been.</summary>
/// <param name="Subscription">Null when the integration has none.</param>
/// <param name="EventTypes">What a subscription made now would ask for (the types this integration's flows handle).</param>
/// <param name="EndpointUrl">Where Ramp would deliver, or null when no public address is known.</param>
public sealed record WebhookStatus(WebhookSubscription? Subscription, DateTimeOffset? LastReceivedAt, int Accepted, int Rejected,
    IReadOnlyList<string> EventTypes, Uri? EndpointUrl);

/// <summary>
/// Owners and admins subscribe an integration to Ramp's webhooks, verify the subscription with the challenge Ramp posts
/// to our endpoint, see its state and remove it. The secret Ramp returns once is stored encrypted at once.
/// </summary>
public sealed partial class RampWebhookSubscriptions(IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, RampSessions sessions,
    RampClient ramp, SyncFlows flows, WebhookSecrets secrets, IOptions<WebhooksOptions> options, ISandboxEndpoint sandbox, TimeProvider clock,
    ILogger<RampWebhookSubscriptions> log)
{
    public const string Pending = "pending_verification";
    public const string Active = "active";

    /// <summary>Ramp answers the handshake right after the create call; this much clock difference between nodes is allowed.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(5);

    /// <summary>The Ramp event types some flow of <paramref name="kind"/> handles.</summary>
    public IReadOnlyList<string> EventTypesFor(IntegrationKind kind) =>
        RampClient.WebhookEventTypes.Where(t => flows.ForEvent(kind, t).Count > 0).ToList();

    /// <summary>Our endpoint for the integration: under <see cref="WebhooksOptions.PublicBaseUrl"/>, or the portal's own address in sandbox mode.</summary>
    public Uri? EndpointFor(Guid integrationId) =>
        (options.Value.PublicBase ?? (sandbox.SimulatorBase("ramp") is { } simulator ? new Uri(simulator, "/") : null)) is { } root
            ? new Uri(root, $"webhooks/ramp/{integrationId}")
            : null;

    public async Task<WebhookStatus> StatusAsync(Guid integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
        var subscription = await FindAsync(db, integrationId, ct);
        var deliveries = db.InboundEvents.Where(e => e.IntegrationId == integrationId && e.Provider == WebhookProviders.Ramp && e.EventType != RampClient.VerificationEvent);
        var counts = await deliveries.GroupBy(e => e.Accepted).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var last = await deliveries.Where(e => e.Accepted).OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.ReceivedAt).FirstOrDefaultAsync(ct);
        return new WebhookStatus(subscription, last, counts.Where(c => c.Key).Sum(c => c.Count), counts.Where(c => !c.Key).Sum(c => c.Count),
            EventTypesFor(integration.Kind), EndpointFor(integrationId));
    }

    /// <summary>
    /// Creates the subscription in Ramp with our endpoint and the event types the flows handle, stores its id and secret,
    /// then waits up to <see cref="WebhooksOptions.VerificationWait"/> for Ramp's challenge and verifies with it. A
    /// subscription whose challenge has not come yet stays <c>pending_verification</c> for <see cref="VerifyAsync"/>.
    /// </summary>
    public async Task<ConnectorResult<WebhookSubscription>> SubscribeAsync(Guid integrationId, string userId, CancellationToken ct = default)
    {
        Guard();
        IReadOnlyList<string> eventTypes;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
            if (await FindAsync(db, integrationId, ct) is not null)
                return new ConnectorFailure(FailureKind.Configuration, "This integration already has a Ramp webhook subscription.", "Remove it first to subscribe again.");
            eventTypes = EventTypesFor(integration.Kind);
            if (eventTypes.Count == 0)
                return new ConnectorFailure(FailureKind.Configuration, "No flow of this integration takes Ramp webhooks yet; the scheduled poll brings documents in.");
        }
        if (EndpointFor(integrationId) is not { } endpoint)
            return new ConnectorFailure(FailureKind.Configuration, "The portal does not know its public address.", $"Set {WebhooksOptions.Section}:PublicBaseUrl.");
        var session = await sessions.OpenAsync(integrationId, ct);
        if (!session.IsOk) return session.Failure!;
        var (credentials, token) = (session.Value!.Credentials, session.Value.Token);

        var requestedAt = clock.GetUtcNow();
        var created = await ramp.CreateWebhookAsync(credentials, token, endpoint, eventTypes, ct);
        if (!created.IsOk) return created.Failure!;
        if (created.Value!.Secret is not { Length: > 0 } secret)
        {
            await ramp.DeleteWebhookAsync(credentials, token, created.Value.Id, ct);
            return new ConnectorFailure(FailureKind.Permanent, "Ramp created the subscription without returning its secret; it was removed again.");
        }
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(requestedAt), IntegrationId = integrationId, Provider = WebhookProviders.Ramp, ExternalId = created.Value.Id,
            EndpointUrl = endpoint.ToString(), EventTypes = string.Join(' ', created.Value.EventTypes), Status = created.Value.Status is { Length: > 0 } s ? s : Pending,
            SecretCiphertext = secrets.Protect(current.Id!.Value, secret), CreatedAt = requestedAt, CreatedBy = userId,
        };
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Without its secret stored nothing Ramp sends could be accepted: do not leave it subscribed.
            await ramp.DeleteWebhookAsync(credentials, token, created.Value.Id, CancellationToken.None);
            throw;
        }
        LogSubscribed(integrationId, subscription.ExternalId, endpoint);

        var deadline = clock.GetUtcNow() + options.Value.VerificationWait;
        var tried = new HashSet<long>();
        while (true)
        {
            var verified = await VerifyWithChallengesAsync(integrationId, subscription, credentials, token, requestedAt - Skew, tried, ct);
            if (!verified.IsOk || verified.Value || clock.GetUtcNow() >= deadline) break;
            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, ct);
        }
        return ConnectorResult<WebhookSubscription>.Ok(await ReloadAsync(integrationId, ct) ?? subscription);
    }

    /// <summary>Verifies a pending subscription with a challenge Ramp sent since it was created; false when none has come (or none fits).</summary>
    public async Task<ConnectorResult<bool>> VerifyAsync(Guid integrationId, CancellationToken ct = default)
    {
        Guard();
        if (await ReloadAsync(integrationId, ct) is not { } subscription)
            return new ConnectorFailure(FailureKind.Configuration, "This integration has no Ramp webhook subscription.");
        if (subscription.Status == Active) return ConnectorResult<bool>.Ok(true);
        var session = await sessions.OpenAsync(integrationId, ct);
        if (!session.IsOk) return session.Failure!;
        return await VerifyWithChallengesAsync(integrationId, subscription, session.Value!.Credentials, session.Value.Token, subscription.CreatedAt - Skew, [], ct);
    }

    /// <summary>Asks Ramp for the subscription's state and stores it; the state, or a failure (404: Ramp no longer has it).</summary>
    public async Task<ConnectorResult<string>> RefreshAsync(Guid integrationId, CancellationToken ct = default)
    {
        Guard();
        if (await ReloadAsync(integrationId, ct) is not { } subscription)
            return new ConnectorFailure(FailureKind.Configuration, "This integration has no Ramp webhook subscription.");
        var session = await sessions.OpenAsync(integrationId, ct);
        if (!session.IsOk) return session.Failure!;
        var found = await ramp.GetWebhookAsync(session.Value!.Credentials, session.Value.Token, subscription.ExternalId, ct);
        if (!found.IsOk) return found.Failure!;
        if (found.Value is not { } webhook)
            return new ConnectorFailure(FailureKind.Configuration, "Ramp no longer has this subscription.", "Remove it here and subscribe again.", StatusCode: 404);
        if (webhook.Status != subscription.Status) await SetStatusAsync(integrationId, webhook.Status, ct);
        return ConnectorResult<string>.Ok(webhook.Status);
    }

    /// <summary>Deletes the subscription in Ramp (already gone there is fine), then here.</summary>
    public async Task<ConnectorResult<bool>> RemoveAsync(Guid integrationId, CancellationToken ct = default)
    {
        Guard();
        if (await ReloadAsync(integrationId, ct) is not { } subscription) return ConnectorResult<bool>.Ok(false);
        var session = await sessions.OpenAsync(integrationId, ct);
        if (!session.IsOk) return session.Failure!;
        var deleted = await ramp.DeleteWebhookAsync(session.Value!.Credentials, session.Value.Token, subscription.ExternalId, ct);
        if (!deleted.IsOk) return deleted.Failure!;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.WebhookSubscriptions.Where(s => s.Id == subscription.Id).ExecuteDeleteAsync(ct);
        LogRemoved(integrationId, subscription.ExternalId);
        return ConnectorResult<bool>.Ok(true);
    }

    /// <summary>
    /// Tries the challenges received since <paramref name="since"/>, newest first (a few at most: anyone can post a
    /// challenge to our endpoint, and Ramp refuses a wrong one with 400, which costs nothing but a call).
    /// </summary>
    private async Task<ConnectorResult<bool>> VerifyWithChallengesAsync(Guid integrationId, WebhookSubscription subscription, RampCredentials credentials,
        RampToken token, DateTimeOffset since, HashSet<long> tried, CancellationToken ct)
    {
        List<InboundEvent> candidates;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            candidates = await db.InboundEvents.AsNoTracking()
                .Where(e => e.IntegrationId == integrationId && e.Provider == WebhookProviders.Ramp && e.EventType == RampClient.VerificationEvent
                    && e.Accepted && e.ReceivedAt >= since && e.RawBody != null)
                .OrderByDescending(e => e.Id).Take(5).ToListAsync(ct);
        foreach (var candidate in candidates.Where(c => tried.Add(c.Id)))
        {
            if (Challenge(candidate.RawBody!) is not { } challenge) continue;
            var verified = await ramp.VerifyWebhookAsync(credentials, token, subscription.ExternalId, challenge, ct);
            if (verified.Failure is { StatusCode: 400 }) continue;
            if (!verified.IsOk) return verified.Failure!;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var stored = await db.WebhookSubscriptions.SingleAsync(s => s.Id == subscription.Id, ct);
            (stored.Status, stored.VerifiedAt) = (Active, clock.GetUtcNow());
            var used = await db.InboundEvents.SingleAsync(e => e.Id == candidate.Id, ct);
            used.Outcome = SyncLedger.Clip($"Used to verify Ramp webhook {subscription.ExternalId}. {used.Outcome}", 500);
            await db.SaveChangesAsync(ct);
            return ConnectorResult<bool>.Ok(true);
        }
        return ConnectorResult<bool>.Ok(false);
    }

    private static string? Challenge(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("challenge", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task SetStatusAsync(Guid integrationId, string status, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await FindAsync(db, integrationId, ct, tracked: true);
        if (stored is null) return;
        stored.Status = SyncLedger.Clip(status, 30)!;
        await db.SaveChangesAsync(ct);
    }

    private async Task<WebhookSubscription?> ReloadAsync(Guid integrationId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindAsync(db, integrationId, ct);
    }

    private static Task<WebhookSubscription?> FindAsync(AppDbContext db, Guid integrationId, CancellationToken ct, bool tracked = false)
    {
        var query = db.WebhookSubscriptions.Where(s => s.IntegrationId == integrationId && s.Provider == WebhookProviders.Ramp);
        return (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(ct);
    }

    private void Guard() => current.Demand(Permission.ManageIntegration, "manage webhook subscriptions");

    [LoggerMessage(Level = LogLevel.Information, Message = "Integration {IntegrationId} subscribed to Ramp webhooks ({WebhookId}) at {Endpoint}")]
    private partial void LogSubscribed(Guid integrationId, string webhookId, Uri endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ramp webhook {WebhookId} of integration {IntegrationId} removed")]
    private partial void LogRemoved(Guid integrationId, string webhookId);
}
