using System.Diagnostics;
using Microsoft.Extensions.Options;
using MlConnector.Sandbox;
using MlConnector.Sandbox.Stampli;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Stampli;

/// <summary>
/// The zero-configuration stand-in for a Stampli SFTP server is a local drop folder (sandbox mode only).
/// A connection whose host is <see cref="Host"/> is pinged there, with the same checks as over SFTP.
/// </summary>
public sealed class DropFolderPing(IOptions<SandboxOptions> options, IHostEnvironment environment, IConfiguration configuration)
{
    public const string Host = "ml-connector-sandbox";

    public bool Available => configuration.GetValue<bool>("Sandbox:Enabled");

    public async Task<PingReport> PingAsync(SftpSettings settings, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        if (!Available)
            return new([new("Reach the server", false, watch.Elapsed, "The built-in sandbox is off on this server.",
                new(FailureKind.Configuration, "The built-in sandbox is off on this server.", "Enter your Stampli SFTP server instead."))]);
        var root = StampliDropFolder.PathOf(options.Value, environment.ContentRootPath);
        var steps = new List<PingStep> { new("Reach the server", true, watch.Elapsed, "The sandbox drop folder stands in for Stampli's SFTP server.") };

        watch.Restart();
        var missing = new[] { settings.OutboundFolder, settings.InboundFolder, settings.ArchiveFolder }
            .FirstOrDefault(folder => !Directory.Exists(Path.Combine(root, folder.Trim('/'))));
        if (missing is not null)
        {
            var failure = new ConnectorFailure(FailureKind.Configuration, $"The folder '{missing}' does not exist on the server.", "Check the folder names in the connection settings.");
            steps.Add(new("Sign in and find the folders", false, watch.Elapsed, failure.Message, failure));
            return new(steps);
        }
        steps.Add(new("Sign in and find the folders", true, watch.Elapsed, $"{settings.OutboundFolder}, {settings.InboundFolder} and {settings.ArchiveFolder} found"));

        watch.Restart();
        var probe = Path.Combine(root, settings.InboundFolder.Trim('/'), $".mlc-probe-{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(probe, "ml-connector connection check; safe to delete\n", ct);
        File.Delete(probe);
        steps.Add(new("Write and delete a probe file", true, watch.Elapsed, $"Wrote and removed a file in {settings.InboundFolder}"));
        return new(steps);
    }
}
