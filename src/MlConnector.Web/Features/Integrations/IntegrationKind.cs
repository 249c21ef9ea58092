namespace MlConnector.Web.Features.Integrations;

/// <summary>The integrations the product ships. The stored name is the enum name; URLs use the slug.</summary>
public enum IntegrationKind
{
    RampD365,
    RampVisma,
    StampliD365,
}

public static class IntegrationKindSlugs
{
    private static readonly Dictionary<IntegrationKind, string> Slugs = new()
    {
        [IntegrationKind.RampD365] = "ramp-dynamics-365",
        [IntegrationKind.RampVisma] = "ramp-visma-net",
        [IntegrationKind.StampliD365] = "stampli-dynamics-365",
    };

    public static string Slug(this IntegrationKind kind) => Slugs[kind];

    public static IntegrationKind? FromSlug(string? slug) =>
        Slugs.FirstOrDefault(p => string.Equals(p.Value, slug, StringComparison.OrdinalIgnoreCase)) is { Value: not null } hit
            ? hit.Key
            : null;
}
