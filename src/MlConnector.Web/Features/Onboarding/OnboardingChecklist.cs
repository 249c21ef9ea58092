namespace MlConnector.Web.Features.Onboarding;

public sealed record ChecklistStep(string Key, string Title, string Description, bool Done);

/// <summary>What the workspace has done so far, read from its integration and connections.</summary>
public sealed record OnboardingProgress(bool CredentialsSaved = false, bool PingedGreen = false);

/// <summary>
/// The way from sign-up to a running integration. Steps after the workspace complete as their
/// capabilities land (connections, reference data, mappings, sync); until then they read "to do".
/// </summary>
public static class OnboardingChecklist
{
    public static IReadOnlyList<ChecklistStep> For(IntegrationListing listing, OnboardingProgress? progress = null) =>
    [
        new("workspace", "Create your workspace",
            "Your company's own space: its people, credentials, mappings and records stay here.", Done: true),
        new("credentials", $"Add your {listing.Source} and {listing.Target} credentials",
            "We store them encrypted and never show a secret again after you save it.", Done: progress?.CredentialsSaved == true),
        new("ping", "Ping both systems",
            "One click checks each credential against the real system and tells you exactly what to fix.", Done: progress?.PingedGreen == true),
        new("reference-data", "Pull reference data",
            $"Read accounts, vendors and dimensions from {listing.Target} and what {listing.Source} already holds.", Done: false),
        new("map", "Map accounts, dimensions and vendors",
            "Confirm our suggestions in the mapping grids, or import a mapping you already keep.", Done: false),
        new("switch-on", "Switch the integration on",
            "Choose how often to sync, switch it on and watch the first records arrive.", Done: false),
    ];
}
