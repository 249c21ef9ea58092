namespace MlConnector.Web.Integrations.Stampli;

/// <summary>
/// How to reach a customer's Stampli exchange server, with a private key or else a password.
/// <see cref="PinnedHostKey"/> is the server key the customer confirmed on first ping (<c>ssh-ed25519 AAAA…</c>);
/// without it nothing is transferred.
/// </summary>
public sealed record SftpSettings(
    string Host, int Port, string UserName, string PrivateKey, string? PinnedHostKey,
    string OutboundFolder = "/outbound", string InboundFolder = "/inbound", string ArchiveFolder = "/archive", string? Password = null)
{
    public bool UsesKey => !string.IsNullOrWhiteSpace(PrivateKey);
}

/// <summary>A server host key as offered, and its fingerprint as <c>ssh-keygen -l</c> shows it.</summary>
public sealed record HostKey(string Type, string Key)
{
    public string Line => $"{Type} {Key}";

    public string Fingerprint =>
        "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(Key))).TrimEnd('=');

    public static HostKey? Parse(string? line) =>
        line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var type, var key, ..] ? new HostKey(type, key) : null;
}
