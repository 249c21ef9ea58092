using System.Diagnostics;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Stampli;

/// <summary>A ping of the Stampli exchange server, and the host key it offered (shown for confirmation).</summary>
public sealed record SftpPingResult(PingReport Report, HostKey? OfferedHostKey);

/// <summary>
/// Checks a Stampli SFTP connection end to end: reach the server and check its key, sign in and find the
/// folders, write and delete a probe file where we will deliver files. Nothing is transferred to a server
/// whose host key the customer has not confirmed.
/// </summary>
public sealed class StampliPing(OpenSshSftp sftp)
{
    public async Task<SftpPingResult> PingAsync(SftpSettings settings, CancellationToken cancellationToken)
    {
        var steps = new List<PingStep>();
        var watch = Stopwatch.StartNew();
        IReadOnlyList<HostKey> offered;
        try
        {
            offered = await sftp.ScanHostKeysAsync(settings, cancellationToken);
        }
        catch (Exception error) when (error is OutboundBlockedException or TimeoutException)
        {
            return new(new([new("Reach the server", false, watch.Elapsed, error.Message, HttpFailureClassifier.Classify(error))]), null);
        }
        if (offered.Count == 0)
            return new(new([new("Reach the server", false, watch.Elapsed, "No SSH server answered.",
                new(FailureKind.Configuration, $"No SSH server answered on {settings.Host}:{settings.Port}.", "Check the host and the port."))]), null);
        var preferred = offered[0];
        steps.Add(new("Reach the server", true, watch.Elapsed, $"{settings.Host}:{settings.Port} offers {preferred.Type} {preferred.Fingerprint}"));

        var pinned = HostKey.Parse(settings.PinnedHostKey);
        if (pinned is null)
        {
            steps.Add(new("Confirm the server's key", false, TimeSpan.Zero, $"Confirm the fingerprint {preferred.Fingerprint}",
                new(FailureKind.Configuration, "Confirm the server's host key before anything is transferred.",
                    $"Compare {preferred.Fingerprint} with the fingerprint your server's administrator gives you, then confirm it.")));
            return new(new(steps), preferred);
        }
        if (!offered.Any(k => k.Type == pinned.Type && k.Key == pinned.Key))
        {
            steps.Add(new("Confirm the server's key", false, TimeSpan.Zero, "Host key changed", SftpErrors.HostKeyChanged(settings)));
            return new(new(steps), preferred);
        }
        steps.Add(new("Confirm the server's key", true, TimeSpan.Zero, $"Matches the confirmed key {pinned.Fingerprint}"));

        steps.Add(await StepAsync("Sign in and find the folders", settings,
            $"cd \"{settings.OutboundFolder}\"\ncd \"{settings.InboundFolder}\"\ncd \"{settings.ArchiveFolder}\"\n",
            $"{settings.OutboundFolder}, {settings.InboundFolder} and {settings.ArchiveFolder} found", cancellationToken));
        if (!steps[^1].Ok) return new(new(steps), preferred);

        var probe = Path.Combine(Path.GetTempPath(), $"mlc-probe-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(probe, "ml-connector connection check; safe to delete\n", cancellationToken);
        try
        {
            var remote = $"{settings.InboundFolder.TrimEnd('/')}/.mlc-probe-{Guid.NewGuid():N}.tmp";
            steps.Add(await StepAsync("Write and delete a probe file", settings, $"put \"{probe}\" \"{remote}\"\nrm \"{remote}\"\n",
                $"Wrote and removed a file in {settings.InboundFolder}", cancellationToken));
        }
        finally
        {
            File.Delete(probe);
        }
        return new(new(steps), preferred);
    }

    private async Task<PingStep> StepAsync(string name, SftpSettings settings, string commands, string success, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var outcome = await sftp.RunAsync(settings, commands, cancellationToken);
            if (outcome.ExitCode == 0) return new(name, true, watch.Elapsed, success);
            var failure = SftpErrors.Translate(outcome, settings);
            return new(name, false, watch.Elapsed, failure.Message, failure);
        }
        catch (Exception error) when (error is OutboundBlockedException or TimeoutException)
        {
            return new(name, false, watch.Elapsed, error.Message, HttpFailureClassifier.Classify(error));
        }
    }
}
