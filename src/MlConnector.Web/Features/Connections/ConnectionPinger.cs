using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;
using MlConnector.Web.Integrations.Ramp;
using MlConnector.Web.Integrations.Visma;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Web.Features.Connections;

/// <summary>A ping's checklist, and for SFTP the host key the server offered (to confirm on first ping).</summary>
public sealed record PingOutcome(PingReport Report, HostKey? OfferedHostKey = null);

/// <summary>Runs the real checks of a saved connection and remembers the outcome.</summary>
public sealed class ConnectionPinger(ConnectionStore store, StampliPing stampli, DropFolderPing dropFolder, RampPing ramp, VismaPing visma, D365Ping d365, ISandboxEndpoint sandbox)
{
    public async Task<PingOutcome> PingAsync(Guid connectionId, CancellationToken ct = default)
    {
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

    private async Task<PingOutcome> PingRampAsync(ConnectionCredentials credentials, CancellationToken ct)
    {
        var environment = credentials.Settings.GetValueOrDefault("Environment");
        if (RampEnvironments.BaseUrl(environment, sandbox) is not { } baseUrl)
            return new(new([new("Get a token", false, TimeSpan.Zero, "Unknown Ramp environment.",
                new(FailureKind.Configuration, $"'{environment}' is not a Ramp environment this server can reach.", "Choose production or sandbox."))]));
        return new(await ramp.PingAsync(new(baseUrl, credentials.Settings.GetValueOrDefault("ClientId") ?? "",
            credentials.Secrets.GetValueOrDefault("ClientSecret") ?? ""), ct));
    }

    private async Task<PingOutcome> PingVismaAsync(ConnectionCredentials credentials, CancellationToken ct)
    {
        var environment = credentials.Settings.GetValueOrDefault("Environment");
        if (VismaEnvironments.Bases(environment, sandbox) is not var (connect, api))
            return new(new([new("Get a token", false, TimeSpan.Zero, "Unknown Visma environment.",
                new(FailureKind.Configuration, $"'{environment}' is not a Visma environment this server can reach.", "Choose production."))]));
        string Setting(string key) => credentials.Settings.GetValueOrDefault(key) ?? "";
        return new(await visma.PingAsync(new(connect, api, Setting("ClientId"), credentials.Secrets.GetValueOrDefault("ClientSecret") ?? "",
            Setting("TenantId"), Setting("CompanyId")), ct));
    }

    private async Task<PingOutcome> PingD365Async(ConnectionCredentials credentials, CancellationToken ct) =>
        credentials.ToD365() is { } d365Credentials
            ? new(await d365.PingAsync(d365Credentials, ct))
            : new(new([new("Get a token from Microsoft Entra ID", false, TimeSpan.Zero, "No environment URL.",
                new(FailureKind.Configuration, "The environment URL is missing or not a URL.", "Enter it as https://<name>.operations.dynamics.com."))]));

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
