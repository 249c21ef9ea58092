using System.Text.RegularExpressions;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;
using MlConnector.Web.Integrations.Ramp;
using MlConnector.Web.Integrations.Visma;

namespace MlConnector.Web.Features.Connections;

public enum FieldInput { Text, Secret, MultilineSecret, Number, Choice }

/// <summary>One field of a connection form: what to type, where to find it, and how we check it.</summary>
public sealed record ConnectionField(
    string Key, string Label, string Help, FieldInput Input = FieldInput.Text, bool Required = true,
    string? Placeholder = null, string? Default = null, IReadOnlyList<string>? Choices = null)
{
    public bool IsSecret => Input is FieldInput.Secret or FieldInput.MultilineSecret;
}

/// <summary>The fields each system needs, written for the person who has to find them in that system.</summary>
public static partial class ConnectionFields
{
    public static IReadOnlyList<ConnectionField> For(ExternalSystem system) => system switch
    {
        ExternalSystem.Ramp =>
        [
            new("Environment", "Ramp environment", "Production is api.ramp.com; Sandbox is Ramp's demo environment (demo-api.ramp.com), which needs a developer app of its own. ml-connector-sandbox is our built-in stand-in, for trying things out.",
                FieldInput.Choice, Default: "production", Choices: ["production", "sandbox", RampEnvironments.BuiltInSandbox]),
            new("ClientId", "Client ID", "In Ramp: Settings → Developer API → your app. The app needs the accounting, bills, transactions and vendors scopes.", Placeholder: "ramp_id_…"),
            new("ClientSecret", "Client secret", "Next to the client ID. Ramp shows it once; if it is lost, create a new one there.", FieldInput.Secret),
        ],
        ExternalSystem.Dynamics365 =>
        [
            new("EnvironmentUrl", "Environment URL", "The address you open Finance and Operations at, without a path. Lifecycle Services → your environment → Environment details.",
                Placeholder: "https://contoso.operations.dynamics.com"),
            new("TenantId", "Microsoft Entra tenant ID", "Microsoft Entra admin center → Overview → Tenant ID (a GUID), or your primary domain.", Placeholder: "00000000-0000-0000-0000-000000000000"),
            new("ClientId", "Application (client) ID", "Entra admin center → App registrations → your app. Register the same ID in F&O under System administration > Setup > Microsoft Entra applications.",
                Placeholder: "00000000-0000-0000-0000-000000000000"),
            new("ClientSecret", "Client secret", "App registration → Certificates & secrets → New client secret. Copy the Value, not the Secret ID.", FieldInput.Secret),
            new("LegalEntity", "Legal entity (dataAreaId)", "The company to post into, as shown at the top right of F&O, e.g. usmf.", Placeholder: "usmf"),
        ],
        ExternalSystem.VismaNet =>
        [
            new("Environment", "Visma environment", "Production is Visma.net ERP itself (connect.visma.com and api.finance.visma.net). ml-connector-sandbox is our built-in stand-in, for trying things out.",
                FieldInput.Choice, Default: "production", Choices: ["production", VismaEnvironments.BuiltInSandbox]),
            new("ClientId", "Client ID", "Visma Developer Portal → your service integration → Credentials."),
            new("ClientSecret", "Client secret", "Created with the client ID in the Developer Portal.", FieldInput.Secret),
            new("TenantId", "Tenant ID", "The company's tenant ID, not the customer's: Visma App Store → your integration → Tenants.", Placeholder: "00000000-0000-0000-0000-000000000000"),
            new("CompanyId", "Company ID", "Visma.net ERP → Company → Company ID: a number, sent with every call.", FieldInput.Number, Placeholder: "1234567"),
        ],
        ExternalSystem.StampliSftp =>
        [
            new("Host", "SFTP host", "The server Stampli exchanges files through, as your IT team or Stampli gave it to you.", Placeholder: "sftp.example.com"),
            new("Port", "Port", "The server's SSH port: 22 unless your IT team moved it.", FieldInput.Number, Default: "22"),
            new("UserName", "User name", "The SFTP account for ml-connector."),
            new("PrivateKey", "Private key", "An OpenSSH or PEM private key without a passphrase, including its BEGIN and END lines. Give the server's administrator the matching public key. Preferred over a password.",
                FieldInput.MultilineSecret, Required: false),
            new("Password", "Password", "Only if the server does not take keys. Leave empty when you use a private key.", FieldInput.Secret, Required: false),
            new("OutboundFolder", "Folder Stampli exports to", "Where approved-invoice and payment files appear.", Default: "/outbound"),
            new("InboundFolder", "Folder Stampli imports from", "Where we deliver vendors, accounts, POs and dimensions.", Default: "/inbound"),
            new("ArchiveFolder", "Archive folder", "Where processed files are moved.", Default: "/archive"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(system)),
    };

    /// <summary>
    /// Checks the values a customer typed; returns an error per field key. <paramref name="secretsSet"/> are
    /// secrets already saved, which need not be typed again. In sandbox mode the portal's own simulators count.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Validate(ExternalSystem system, IReadOnlyDictionary<string, string> values,
        IReadOnlySet<string> secretsSet, Func<Uri, bool>? isSandbox = null)
    {
        var errors = new Dictionary<string, string>();
        foreach (var field in For(system))
        {
            var value = values.GetValueOrDefault(field.Key)?.Trim() ?? "";
            if (value.Length == 0)
            {
                if (field.Required && !(field.IsSecret && secretsSet.Contains(field.Key))) errors[field.Key] = $"{field.Label} is required.";
                continue;
            }
            if (Check(system, field, value, isSandbox) is { } problem) errors[field.Key] = problem;
        }
        // SFTP signs in with a key or, failing that, a password: one of the two must be there.
        bool Given(string key) => !string.IsNullOrWhiteSpace(values.GetValueOrDefault(key)) || secretsSet.Contains(key);
        var sandboxDrop = values.GetValueOrDefault("Host")?.Trim() == DropFolderPing.Host;
        if (system == ExternalSystem.StampliSftp && !Given("PrivateKey") && !Given("Password") && !sandboxDrop)
            errors["PrivateKey"] = "Enter a private key, or a password if the server does not take keys.";
        return errors;
    }

    private static string? Check(ExternalSystem system, ConnectionField field, string value, Func<Uri, bool>? isSandbox) => (system, field.Key) switch
    {
        (ExternalSystem.Dynamics365, "EnvironmentUrl") =>
            Uri.TryCreate(value, UriKind.Absolute, out var uri) && (isSandbox?.Invoke(uri) == true
                || (uri.Scheme == Uri.UriSchemeHttps && SystemHosts.IsAllowed(ExternalSystem.Dynamics365, uri) && uri.Host != "login.microsoftonline.com" && uri.AbsolutePath is "/" or ""))
                ? null
                : "Use the environment's address, like https://contoso.operations.dynamics.com (https, no path).",
        (ExternalSystem.Dynamics365, "TenantId") => Guid.TryParse(value, out _) || Domain().IsMatch(value) ? null : "A tenant ID is a GUID (or your domain, like contoso.onmicrosoft.com).",
        (ExternalSystem.Dynamics365, "ClientId") => Guid.TryParse(value, out _) ? null : "An application (client) ID is a GUID, like 11111111-2222-3333-4444-555555555555.",
        (ExternalSystem.Dynamics365, "LegalEntity") => DataAreaId().IsMatch(value) ? null : "A legal entity ID has 1 to 4 letters or digits, like usmf.",
        (ExternalSystem.VismaNet, "CompanyId") => long.TryParse(value, out var id) && id > 0 ? null : "The company ID is a number, like 1234567.",
        (ExternalSystem.VismaNet, "Environment") => field.Choices!.Contains(value) ? null : "Choose production or ml-connector-sandbox.",
        (ExternalSystem.Ramp, "Environment") => field.Choices!.Contains(value) ? null : "Choose production, sandbox or ml-connector-sandbox.",
        (ExternalSystem.StampliSftp, "Host") => Uri.CheckHostName(value) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6 ? null : "Enter a host name like sftp.example.com, without sftp:// or a path.",
        (ExternalSystem.StampliSftp, "Port") => int.TryParse(value, out var port) && port is > 0 and < 65536 ? null : "A port is a number from 1 to 65535.",
        (ExternalSystem.StampliSftp, "PrivateKey") => value.Contains("PRIVATE KEY-----", StringComparison.Ordinal) ? null : "Paste the whole private key, including the BEGIN and END lines.",
        (ExternalSystem.StampliSftp, "OutboundFolder" or "InboundFolder" or "ArchiveFolder") => value.StartsWith('/') ? null : "Folders start with /, like /outbound.",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9]{1,4}$")]
    private static partial Regex DataAreaId();

    [GeneratedRegex(@"^[a-z0-9-]+(\.[a-z0-9-]+)+$", RegexOptions.IgnoreCase)]
    private static partial Regex Domain();
}
