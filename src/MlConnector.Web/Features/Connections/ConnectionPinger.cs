using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;
using MlConnector.Web.Integrations.Ramp;
using MlConnector.Web.Integrations.Visma;
using MlConnector.Web.Integrations.Stampli;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Connections;

/// <summary>A ping's checklist, and for SFTP the host key the server offered (to confirm on first ping).</summary>
public sealed record PingOutcome(PingReport Report, HostKey? OfferedHostKey = null);

/// <summary>Runs the real checks of a saved connection and remembers the outcome.</summary>
public sealed class ConnectionPinger(ConnectionStore store, StampliPing stampli, DropFolderPing dropFolder, RampPing ramp, VismaPing visma, D365Ping d365,
    ISandboxEndpoint sandbox, CurrentWorkspace current)
{
    /// <summary>Calls the customer's system with its stored secrets, and records the outcome: for those who run the integration.</summary>
    public async Task<PingOutcome> PingAsync(Guid connectionId, CancellationToken ct = default)
    {
        current.Demand(Permission.ManageIntegration, "ping a connection");
        var credentials = await store.CredentialsAsync(connectionId, ct)
            ?? throw new KeyNotFoundException($"Connection {connectionId} is not in this workspace.");
        var outcome = credentials.System switch
        {
            ExternalSystem.StampliSftp => await PingSftpAsync(credentials, ct),
            ExternalSystem.Ramp => await PingRampAsync(credentials, ct),
            ExternalSystem.VismaNet => await PingVismaAsync(credentials, ct),
            ExternalSystem.Dynamics365 => await PingD365Async(credentials, ct),
            _ => throw new NotSupportedException($"No ping for {credentials.System}."),
        };
        await store.RecordPingAsync(connectionId, outcome.Report, ct);
        return outcome;
    }

    private async Task<PingOutcome> PingRampAsync(ConnectionCredentials credentials, CancellationToken ct) =>
        credentials.ToRamp(sandbox) is { } rampCredentials
            ? new(await ramp.PingAsync(rampCredentials, ct))
            : Unreachable("Get a token", $"'{credentials.Settings.GetValueOrDefault("Environment")}' is not a Ramp environment this server can reach.", "Choose production or sandbox.");

    private async Task<PingOutcome> PingVismaAsync(ConnectionCredentials credentials, CancellationToken ct) =>
        credentials.ToVisma(sandbox) is { } vismaCredentials
            ? new(await visma.PingAsync(vismaCredentials, ct))
            : Unreachable("Get a token", $"'{credentials.Settings.GetValueOrDefault("Environment")}' is not a Visma environment this server can reach.", "Choose production.");

    private async Task<PingOutcome> PingD365Async(ConnectionCredentials credentials, CancellationToken ct) =>
        credentials.ToD365() is { } d365Credentials
            ? new(await d365.PingAsync(d365Credentials, ct))
            : Unreachable("Get a token from Microsoft Entra ID", "The environment URL is missing or not a URL.", "Enter it as https://<name>.operations.dynamics.com.");

    /// <summary>A ping that could not start: the settings do not name a place this server can reach.</summary>
    private static PingOutcome Unreachable(string step, string message, string hint) =>
        new(new([new(step, false, TimeSpan.Zero, message, new(FailureKind.Configuration, message, hint))]));

    private async Task<PingOutcome> PingSftpAsync(ConnectionCredentials credentials, CancellationToken ct)
    {
        string Setting(string key, string fallback = "") => credentials.Settings.GetValueOrDefault(key) is { Length: > 0 } v ? v : fallback;
        var settings = new SftpSettings(Setting("Host"), int.TryParse(Setting("Port", "22"), out var port) ? port : 22, Setting("UserName"),
            credentials.Secrets.GetValueOrDefault("PrivateKey") ?? "", credentials.Settings.GetValueOrDefault(PinnedHostKeySetting),
            Setting("OutboundFolder", "/outbound"), Setting("InboundFolder", "/inbound"), Setting("ArchiveFolder", "/archive"),
            credentials.Secrets.GetValueOrDefault("Password"));
        if (settings.Host == DropFolderPing.Host) return new PingOutcome(await dropFolder.PingAsync(settings, ct));
        var result = await stampli.PingAsync(settings, ct);
        return new PingOutcome(result.Report, result.OfferedHostKey);
    }

    /// <summary>The setting that holds the SFTP host key the customer confirmed.</summary>
    public const string PinnedHostKeySetting = "PinnedHostKey";
}
