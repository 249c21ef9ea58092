using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Stampli;

/// <summary>Turns what OpenSSH prints into what the customer should do.</summary>
public static class SftpErrors
{
    public static ConnectorFailure Translate(SftpOutcome outcome, SftpSettings settings)
    {
        var error = outcome.Error;
        if (error.Contains("HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal) || error.Contains("Host key verification failed", StringComparison.Ordinal))
            return HostKeyChanged(settings);
        // ssh reports an unreadable key and then, having no key to offer, the publickey refusal: check the key first.
        if (error.Contains("Load key", StringComparison.Ordinal) || error.Contains("invalid format", StringComparison.Ordinal)
            || error.Contains("error in libcrypto", StringComparison.Ordinal))
            return new(FailureKind.Auth, "The private key could not be read.",
                "Paste the whole key, including the BEGIN and END lines (OpenSSH or PEM format, without a passphrase).");
        if (error.Contains("Permission denied (", StringComparison.Ordinal))
            return settings.UsesKey
                ? new(FailureKind.Auth, $"The server refused the key for user '{settings.UserName}'.",
                    "Check the user name, and that the matching public key is in that user's authorized keys on the server.")
                : new(FailureKind.Auth, $"The server refused the password for user '{settings.UserName}'.",
                    "Check the user name and password. Some servers accept only keys: then use a private key instead.");
        if (error.Contains("Connection refused", StringComparison.Ordinal))
            return new(FailureKind.Configuration, $"Nothing accepts SSH connections on {settings.Host}:{settings.Port}.", "Check the host and the port.");
        if (error.Contains("timed out", StringComparison.OrdinalIgnoreCase))
            return new(FailureKind.Transient, $"{settings.Host}:{settings.Port} did not answer within 10 s.",
                "Check the host and port, and whether the server only accepts connections from an allow-list of addresses.");
        if (error.Contains("No such file or directory", StringComparison.Ordinal) && FailedCommandPath(outcome.Output) is { } missing)
            return new(FailureKind.Configuration, $"The folder '{missing}' does not exist on the server.", "Check the folder names in the connection settings.");
        if (error.Contains("Permission denied", StringComparison.Ordinal))
            return new(FailureKind.Configuration, $"User '{settings.UserName}' may not write to '{settings.InboundFolder}'.",
                "Ask the server's administrator to give the user write access to the inbound folder.");
        return new(FailureKind.Transient, $"sftp failed (exit {outcome.ExitCode}): {FirstLine(error)}");
    }

    public static ConnectorFailure HostKeyChanged(SftpSettings settings) =>
        new(FailureKind.Configuration,
            $"The server's host key does not match the one you confirmed ({HostKey.Parse(settings.PinnedHostKey)?.Fingerprint}).",
            "This happens when the server is rebuilt, or when someone intercepts the connection. Do not continue until the server's administrator confirms the new fingerprint; then confirm it here.");

    /// <summary>Batch mode echoes each command ("sftp> cd \"/x\"") and stops at the first failure: the last echo names the path.</summary>
    private static string? FailedCommandPath(string output) =>
        output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("sftp>", StringComparison.Ordinal)) is { } command
        && command.Split('"') is [_, var path, ..]
            ? path
            : null;

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
