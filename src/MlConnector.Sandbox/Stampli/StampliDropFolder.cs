using Microsoft.Extensions.Options;

namespace MlConnector.Sandbox.Stampli;

/// <summary>
/// The zero-configuration stand-in for Stampli's SFTP server: a local folder with the same
/// outbound/inbound/archive layout, holding a first approved-invoices export so a trial has files to read.
/// </summary>
public sealed partial class StampliDropFolder(
    StampliExportGenerator generator, IOptions<SandboxOptions> options, IHostEnvironment environment,
    TimeProvider clock, ILogger<StampliDropFolder> log) : IHostedService
{
    public string Root => PathOf(options.Value, environment.ContentRootPath);

    /// <summary>Where the drop folder is, for the portal's connector as much as for this seeder.</summary>
    public static string PathOf(SandboxOptions options, string contentRoot) => Path.GetFullPath(options.StampliDropFolder, contentRoot);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var folder in StampliFiles.Folders) Directory.CreateDirectory(Path.Combine(Root, folder));
        var outbound = Path.Combine(Root, StampliFiles.Outbound);
        if (Directory.EnumerateFileSystemEntries(outbound).Any()) return;

        // One bad row on purpose: a trial should see how a malformed line is reported, not only the happy path.
        var export = generator.Invoices("hpus", invoiceCount: 25, clock.GetUtcNow(), defects: 1);
        var temporary = Path.Combine(outbound, export.FileName + ".tmp");
        await File.WriteAllTextAsync(temporary, export.Content, cancellationToken);
        File.Move(temporary, Path.Combine(outbound, export.FileName)); // a poller never sees a half-written file
        LogSeeded(Root, export.FileName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stampli drop folder {Root} ready with {File}")]
    private partial void LogSeeded(string root, string file);
}
