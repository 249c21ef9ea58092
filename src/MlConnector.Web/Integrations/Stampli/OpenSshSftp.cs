using System.Diagnostics;
using System.Globalization;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Stampli;

public sealed record SftpOutcome(int ExitCode, string Output, string Error);

/// <summary>
/// Runs OpenSSH's <c>sftp</c> in batch mode (no SSH library restores here; OpenSSH is the reference
/// implementation anyway). The key and known_hosts live in a private temporary folder for the call only.
/// The host is resolved and checked by the <see cref="OutboundGuard"/> and sftp is given that address,
/// with the host name as <c>HostKeyAlias</c>, so DNS cannot change between the check and the connection.
/// </summary>
public sealed class OpenSshSftp(OutboundGuard guard)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs batch <paramref name="commands"/>; the server must present <see cref="SftpSettings.PinnedHostKey"/>.</summary>
    public async Task<SftpOutcome> RunAsync(SftpSettings settings, string commands, CancellationToken cancellationToken)
    {
        var address = (await guard.ResolveAllowedAsync(settings.Host, settings.Port, cancellationToken))[0];
        var work = Directory.CreateTempSubdirectory("mlc-sftp-");
        try
        {
            var auth = new List<string>();
            var environment = new Dictionary<string, string>();
            if (settings.UsesKey)
            {
                var key = Path.Combine(work.FullName, "id");
                // OpenSSH insists on LF line ends, a final newline and a key file only its owner can read.
                await File.WriteAllTextAsync(key, settings.PrivateKey.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n", cancellationToken);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                auth.AddRange(["-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"]);
            }
            else
            {
                // sftp -b turns BatchMode on, which forbids password prompts; ssh keeps the first value it is given,
                // so BatchMode=no goes first. The password reaches ssh through SSH_ASKPASS, read from this process's
                // environment: never on a command line, never in a file.
                var askpass = Path.Combine(work.FullName, "askpass");
                await File.WriteAllTextAsync(askpass, "#!/bin/sh\nprintf '%s\\n' \"$MLC_SFTP_PASSWORD\"\n", cancellationToken);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                auth.AddRange(["-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "NumberOfPasswordPrompts=1"]);
                environment["SSH_ASKPASS"] = askpass;
                environment["SSH_ASKPASS_REQUIRE"] = "force";
                environment["MLC_SFTP_PASSWORD"] = settings.Password ?? "";
            }
            var knownHosts = Path.Combine(work.FullName, "known_hosts");
            var alias = Alias(settings);
            await File.WriteAllTextAsync(knownHosts, $"{alias} {settings.PinnedHostKey}\n[{alias}]:{settings.Port} {settings.PinnedHostKey}\n", cancellationToken);

            return await RunProcessAsync("sftp",
            [
                .. auth, "-b", "-", "-F", "/dev/null", "-P", settings.Port.ToString(CultureInfo.InvariantCulture), "-o", "StrictHostKeyChecking=yes",
                "-o", $"UserKnownHostsFile={knownHosts}", "-o", "GlobalKnownHostsFile=/dev/null", "-o", $"HostKeyAlias={alias}",
                "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=10", $"{settings.UserName}@{address}",
            ], commands, cancellationToken, environment);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Fetches one remote file into a private temporary folder and returns its bytes (null when sftp failed). The local
    /// name is ours, never the server's, so a remote name cannot write anywhere else on this machine.
    /// </summary>
    public async Task<(SftpOutcome Outcome, byte[]? Content)> DownloadAsync(SftpSettings settings, string remotePath, CancellationToken cancellationToken)
    {
        var local = Directory.CreateTempSubdirectory("mlc-sftp-get-");
        try
        {
            var target = Path.Combine(local.FullName, "file");
            var outcome = await RunAsync(settings, $"get \"{remotePath}\" \"{target}\"\n", cancellationToken);
            return (outcome, outcome.ExitCode == 0 && File.Exists(target) ? await File.ReadAllBytesAsync(target, cancellationToken) : null);
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    /// <summary>The host keys the server offers, for the customer to confirm on first ping.</summary>
    public async Task<IReadOnlyList<HostKey>> ScanHostKeysAsync(SftpSettings settings, CancellationToken cancellationToken)
    {
        var address = (await guard.ResolveAllowedAsync(settings.Host, settings.Port, cancellationToken))[0];
        var scan = await RunProcessAsync("ssh-keyscan",
            ["-p", settings.Port.ToString(CultureInfo.InvariantCulture), "-T", "10", "-t", "ed25519,ecdsa,rsa", address.ToString()], "", cancellationToken);
        return scan.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => HostKey.Parse(string.Join(' ', line.Split(' ').Skip(1))))
            .OfType<HostKey>()
            .ToList();
    }

    private static string Alias(SftpSettings settings) => settings.Host.ToLowerInvariant();

    private static async Task<SftpOutcome> RunProcessAsync(string file, string[] args, string input, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // sftp runs ssh underneath: stop both
            throw new TimeoutException($"{file} did not finish in {ProcessTimeout.TotalSeconds:0} s.");
        }
        return new SftpOutcome(process.ExitCode, await output, await error);
    }
}
