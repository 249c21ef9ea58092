using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;
using MlConnector.Web.Integrations.Ramp;
using MlConnector.Web.Integrations.Visma;

namespace MlConnector.Web.Features.Connections;

/// <summary>Saved connection credentials as each system's client wants them; null when the settings cannot be used.</summary>
public static class CredentialMapping
{
    /// <summary>F&amp;O credentials, or null when the environment URL is missing or not a URL.</summary>
    public static D365Credentials? ToD365(this ConnectionCredentials credentials) =>
        Uri.TryCreate(credentials.Setting("EnvironmentUrl"), UriKind.Absolute, out var environment)
            ? new D365Credentials(environment, credentials.Setting("TenantId"), credentials.Setting("ClientId"), credentials.Secret("ClientSecret"),
                credentials.Setting("LegalEntity"))
            : null;

    /// <summary>Ramp credentials, or null when the environment cannot be reached from this server.</summary>
    public static RampCredentials? ToRamp(this ConnectionCredentials credentials, ISandboxEndpoint sandbox) =>
        RampEnvironments.BaseUrl(credentials.Setting("Environment"), sandbox) is { } baseUrl
            ? new RampCredentials(baseUrl, credentials.Setting("ClientId"), credentials.Secret("ClientSecret"))
            : null;

    /// <summary>Visma credentials, or null when the environment cannot be reached from this server.</summary>
    public static VismaCredentials? ToVisma(this ConnectionCredentials credentials, ISandboxEndpoint sandbox) =>
        VismaEnvironments.Bases(credentials.Setting("Environment"), sandbox) is var (connect, api)
            ? new VismaCredentials(connect, api, credentials.Setting("ClientId"), credentials.Secret("ClientSecret"),
                credentials.Setting("TenantId"), credentials.Setting("CompanyId"))
            : null;

    private static string Setting(this ConnectionCredentials credentials, string key) => credentials.Settings.GetValueOrDefault(key) ?? "";

    private static string Secret(this ConnectionCredentials credentials, string key) => credentials.Secrets.GetValueOrDefault(key) ?? "";
}
