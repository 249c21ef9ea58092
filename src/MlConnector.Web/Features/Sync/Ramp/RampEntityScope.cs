using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.Sync.Ramp;

/// <summary>One Ramp entity as the settings list it.</summary>
public sealed record RampEntity(string Id, string Name, bool IsPrimary);

/// <summary>
/// The Ramp entity whose spend an integration posts. An integration joins one Ramp entity to one ERP company (the ERP
/// connection's), so a multi-entity Ramp business never has a subsidiary's bill posted into the parent's books: the
/// chosen entity (<see cref="SettingName"/> in the integration's settings), or Ramp's primary entity when none is chosen.
/// Spend of other entities is left alone for the integration that posts them.
/// </summary>
public sealed record RampEntityScope(string Id, string Name)
{
    /// <summary>The settings key every Ramp integration kind stores the chosen entity under (camel case, as settings serialise).</summary>
    public const string SettingName = "rampEntityId";

    /// <summary>How long a node trusts Ramp's entity list: entities change rarely, and a webhook batch of one must not pay a call for it.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);

    /// <summary>The scope for this batch: <c>GET /entities</c>, remembered on this node for <see cref="RememberFor"/>.</summary>
    public static Task<ConnectorResult<RampEntityScope>> OfAsync(FlowContext context, CancellationToken ct) =>
        context.OnceAsync("ramp-entity", async () =>
        {
            var configured = ConfiguredId(context.Integration);
            var cache = context.Services.GetRequiredService<IMemoryCache>();
            var key = $"ramp-entity-scope/{context.Integration.Id}/{configured}";
            if (cache.TryGetValue(key, out RampEntityScope? known) && known is not null) return ConnectorResult<RampEntityScope>.Ok(known);
            var session = await RampSource.SessionAsync(context, ct);
            if (!session.IsOk) return session.Failure!;
            var entities = await ListAsync(context.Services.GetRequiredService<RampClient>(), session.Value!, ct);
            var scope = entities.IsOk ? Choose(entities.Value!, configured) : entities.Failure!;
            if (scope.IsOk) cache.Set(key, scope.Value!, RememberFor);
            return scope;
        });

    public static async Task<ConnectorResult<IReadOnlyList<RampEntity>>> ListAsync(RampClient ramp, RampSession session, CancellationToken ct)
    {
        var rows = await ramp.ListAllAsync(session.Credentials, session.Token, "entities?page_size=100", ct);
        if (!rows.IsOk) return rows.Failure!;
        return ConnectorResult<IReadOnlyList<RampEntity>>.Ok(rows.Value!.Select(e => (Json: e, Id: e.GetProperty("id").GetString()!))
            .Select(e => new RampEntity(e.Id, RampJson.NonEmpty(e.Json, "entity_name") ?? e.Id,
                e.Json.TryGetProperty("is_primary", out var primary) && primary.ValueKind == JsonValueKind.True)).ToList());
    }

    internal static ConnectorResult<RampEntityScope> Choose(IReadOnlyList<RampEntity> entities, string? configured)
    {
        if (configured is not null)
            return entities.FirstOrDefault(e => e.Id == configured) is { } chosen
                ? ConnectorResult<RampEntityScope>.Ok(new RampEntityScope(chosen.Id, chosen.Name))
                : new ConnectorFailure(FailureKind.Configuration, "The Ramp entity chosen under Posting settings no longer exists in Ramp.",
                    "Choose the Ramp entity this integration posts under Posting settings on the integration page.");
        // A business with one entity may not flag it; with several, the primary is the default.
        var primary = entities.FirstOrDefault(e => e.IsPrimary) ?? (entities.Count == 1 ? entities[0] : null);
        return primary is not null
            ? ConnectorResult<RampEntityScope>.Ok(new RampEntityScope(primary.Id, primary.Name))
            : new ConnectorFailure(FailureKind.Configuration, $"Ramp has {entities.Count} entities and none is marked primary.",
                "Choose the Ramp entity this integration posts under Posting settings on the integration page.");
    }

    /// <summary>The entity chosen in the integration's settings, or null for Ramp's primary one.</summary>
    internal static string? ConfiguredId(Integration integration)
    {
        if (integration.SettingsJson is not { Length: > 0 } json) return null;
        using var settings = JsonDocument.Parse(json);
        return RampJson.NonEmpty(settings.RootElement, SettingName);
    }

    /// <summary>Why an object of another entity is not posted here, or null when it is this scope's (or says no entity).</summary>
    public string? Excludes(JsonElement item, string what) =>
        RampJson.NonEmpty(item, "entity_id") is { } id && id != Id
            ? $"The {what} belongs to another Ramp entity; this integration posts {Name} only."
            : null;
}
