using MlConnector.Web.Integrations.D365;

namespace MlConnector.Web.Features.Connections;

/// <summary>Saved connection credentials as each system's client wants them.</summary>
public static class CredentialMapping
{
    /// <summary>F&amp;O credentials, or null when the environment URL is missing or not a URL.</summary>
    public static D365Credentials? ToD365(this ConnectionCredentials credentials)
    {
        string Setting(string key) => credentials.Settings.GetValueOrDefault(key) ?? "";
        return Uri.TryCreate(Setting("EnvironmentUrl"), UriKind.Absolute, out var environment)
            ? new D365Credentials(environment, Setting("TenantId"), Setting("ClientId"), credentials.Secrets.GetValueOrDefault("ClientSecret") ?? "", Setting("LegalEntity"))
            : null;
    }
}
