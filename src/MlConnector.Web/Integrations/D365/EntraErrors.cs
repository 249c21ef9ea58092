using Microsoft.Identity.Client;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.D365;

/// <summary>Entra ID's AADSTS codes, as what the customer should check.</summary>
public static class EntraErrors
{
    public static ConnectorFailure Translate(MsalServiceException error, D365Credentials credentials)
    {
        var text = error.Message;
        if (error.StatusCode == 429) return new(FailureKind.RateLimited, "Entra ID asked us to slow down.", StatusCode: 429);
        if (error.StatusCode >= 500) return new(FailureKind.Transient, $"Entra ID is not answering properly ({error.StatusCode}).", "Try again in a few minutes.");
        return Code(text) switch
        {
            "90002" or "900023" => new(FailureKind.Configuration, $"Microsoft Entra ID does not know the tenant '{credentials.TenantId}'.",
                "Copy the tenant ID from Microsoft Entra admin center → Overview."),
            "700016" => new(FailureKind.Auth, $"No application with client ID '{credentials.ClientId}' exists in this tenant.",
                "Check the application (client) ID, and that the app registration is in the same tenant as the environment."),
            "7000215" or "7000222" => new(FailureKind.Auth, "Microsoft Entra ID refused the client secret.",
                "Copy the secret's Value (not its Secret ID) from the app registration → Certificates & secrets. Secrets expire: create a new one if needed."),
            "500011" or "1002012" => new(FailureKind.Configuration, $"Microsoft Entra ID does not know the environment {credentials.EnvironmentUrl.Host} in this tenant.",
                "Check the environment URL, and that the environment belongs to this tenant."),
            var code => new(FailureKind.Auth, $"Microsoft Entra ID refused the token request{(code is null ? "" : $" (AADSTS{code})")}.", FirstSentence(text)),
        };
    }

    private static string? Code(string text)
    {
        var at = text.IndexOf("AADSTS", StringComparison.Ordinal);
        return at < 0 ? null : new string(text[(at + 6)..].TakeWhile(char.IsDigit).ToArray());
    }

    private static string FirstSentence(string text) => text.Split(". ")[0].Trim();
}
