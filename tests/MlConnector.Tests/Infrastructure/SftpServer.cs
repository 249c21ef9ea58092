using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MlConnector.Sandbox.Stampli;

namespace MlConnector.Tests.Infrastructure;

public sealed record SftpResult(int ExitCode, string Output, string Error);

/// <summary>
/// A real OpenSSH sshd on a free loopback port standing in for Stampli's SFTP server: generated host key and
/// client key, one chrooted user whose root holds /outbound, /inbound and /archive. Needs root (chroot and
/// a dedicated user), as the README's test command has. <see cref="RunAsync"/> drives OpenSSH's <c>sftp</c>.
/// </summary>
public sealed class SftpServer : IAsyncLifetime
{
    public const string User = "mlcsftp";

    /// <summary>The user's password, accepted only when <see cref="AllowPasswords"/> is set.</summary>
    public const string Password = "Sandbox-Sftp-Pass-2026";
    private readonly string home = Path.Combine("/var/lib/mlc-sftp", Guid.NewGuid().ToString("N"));
    private Process? sshd;

    public int Port { get; private set; }

    /// <summary>Also accept the user's password (set before the fixture starts).</summary>
    public bool AllowPasswords { get; init; }

    /// <summary>The chroot: what the SFTP user sees as "/".</summary>
    public string Root => Path.Combine(home, "root");

    public string ClientKeyPath => Path.Combine(home, "keys", "client");

    public string KnownHostsPath => Path.Combine(home, "keys", "known_hosts");

    /// <summary>The host key's SHA256 fingerprint as <c>ssh-keygen -l</c> prints it, e.g. <c>SHA256:abc…</c>.</summary>
    public string HostKeyFingerprint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root")
            throw new InvalidOperationException("The SFTP fixture needs root (chroot and a dedicated user): run the README's test command as root.");
        if (!File.Exists("/usr/sbin/sshd"))
            throw new InvalidOperationException("/usr/sbin/sshd is missing: run the README's test command, which installs openssh-server.");

        // Not locked ('*', not '!'): sshd refuses locked accounts even for key logins. Exit 9: another fixture won the race.
        if (Run("id", "-u", User).ExitCode != 0
            && Run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "-p", "*", User) is { ExitCode: not (0 or 9) } failed)
            throw new InvalidOperationException($"useradd failed: {failed.Error}");
        if (AllowPasswords)
        {
            var chpasswd = new ProcessStartInfo("chpasswd") { RedirectStandardInput = true, RedirectStandardError = true };
            using var process = Process.Start(chpasswd)!;
            await process.StandardInput.WriteLineAsync($"{User}:{Password}");
            process.StandardInput.Close();
            await process.WaitForExitAsync();
        }
        // ChrootDirectory demands root-owned, non-writable components all the way down.
        foreach (var dir in new[] { "/var/lib/mlc-sftp", home, Root, Path.Combine(home, "keys"), Path.Combine(home, "authorized") })
        {
            Directory.CreateDirectory(dir);
            Must(Run("chmod", "755", dir));
        }
        Must(Run("chmod", "700", Path.Combine(home, "keys")));
        foreach (var folder in StampliFiles.Folders)
        {
            Directory.CreateDirectory(Path.Combine(Root, folder));
            Must(Run("chown", $"{User}:", Path.Combine(Root, folder)));
        }

        var hostKey = Path.Combine(home, "keys", "host");
        Must(Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mlc-sandbox-host", "-f", hostKey));
        Must(Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mlc-sandbox-client", "-f", ClientKeyPath));
        File.Copy(ClientKeyPath + ".pub", Path.Combine(home, "authorized", User));
        HostKeyFingerprint = Must(Run("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub")).Output.Split(' ')[1];

        Port = FreePort();
        var hostPublic = File.ReadAllText(hostKey + ".pub").Split(' ');
        File.WriteAllText(KnownHostsPath, $"[127.0.0.1]:{Port} {hostPublic[0]} {hostPublic[1]}\n");
        var config = Path.Combine(home, "sshd_config");
        File.WriteAllText(config, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {home}/sshd.pid
            AuthorizedKeysFile {home}/authorized/%u
            PubkeyAuthentication yes
            PasswordAuthentication {(AllowPasswords ? "yes" : "no")}
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            Subsystem sftp internal-sftp
            Match User {User}
                ChrootDirectory {Root}
                ForceCommand internal-sftp
                AllowTcpForwarding no
                X11Forwarding no
            """);
        Directory.CreateDirectory("/run/sshd");
        var start = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-D", "-f", config, "-E", Path.Combine(home, "sshd.log") }) start.ArgumentList.Add(arg);
        sshd = Process.Start(start)!;
        await WaitForPortAsync();
    }

    /// <summary>Runs <c>sftp</c> in batch mode with <paramref name="commands"/> on stdin, the host key pinned.</summary>
    public async Task<SftpResult> RunAsync(string commands, string? knownHosts = null)
    {
        var start = new ProcessStartInfo("sftp")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "-b", "-", "-F", "/dev/null", "-P", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-i", ClientKeyPath, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                     "-o", $"UserKnownHostsFile={knownHosts ?? KnownHostsPath}", "-o", "GlobalKnownHostsFile=/dev/null",
                     "-o", "ConnectTimeout=10", $"{User}@127.0.0.1",
                 })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(commands);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // sftp spawns ssh: take both down
            throw new TimeoutException("sftp did not finish in 30 s.");
        }
        return new SftpResult(process.ExitCode, await output, await error);
    }

    public Task DisposeAsync()
    {
        if (sshd is { HasExited: false }) sshd.Kill(entireProcessTree: true);
        sshd?.Dispose();
        if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        return Task.CompletedTask;
    }

    private async Task WaitForPortAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (sshd!.HasExited)
                throw new InvalidOperationException($"sshd exited ({sshd.ExitCode}): {await sshd.StandardError.ReadToEndAsync()} {ReadLog()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"sshd did not listen on {Port}: {ReadLog()}");
    }

    private string ReadLog() => File.Exists(Path.Combine(home, "sshd.log")) ? File.ReadAllText(Path.Combine(home, "sshd.log")) : "";

    private static SftpResult Must(SftpResult result) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException($"exit {result.ExitCode}: {result.Error}{result.Output}");

    private static SftpResult Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new SftpResult(process.ExitCode, output.Result, error.Result);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
