using System.Globalization;
using System.Text.RegularExpressions;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Web.Features.Files;

/// <summary>
/// An inbox folder on an SFTP server, through OpenSSH's sftp in batch mode (<see cref="OpenSshSftp"/>: the outbound
/// guard, the pinned host key and the password through SSH_ASKPASS apply to every call).
/// </summary>
public sealed partial class SftpInbox(OpenSshSftp sftp, SftpSettings settings, string folder, TimeProvider clock) : IFileInbox
{
    private readonly string folder = folder.Length > 1 ? folder.TrimEnd('/') : folder;

    public async Task<ConnectorResult<IReadOnlyList<WaitingFile>>> ListAsync(CancellationToken ct)
    {
        if (!Safe(folder))
            return new ConnectorFailure(FailureKind.Configuration, $"The folder name '{folder}' contains characters sftp cannot be given safely.",
                "Use a folder name without quotes, backslashes or wildcards.");
        var listing = await RunAsync($"cd \"{folder}\"\nls -ln\n", ct);
        if (!listing.IsOk) return listing.Failure!;
        IReadOnlyList<WaitingFile> files = listing.Value!.Output.Split('\n')
            .Select(line => LongListing().Match(line.TrimEnd('\r')))
            .Where(m => m.Success && m.Groups["type"].Value == "-" && !InboxNames.Ignored(m.Groups["name"].Value))
            .Select(m => new WaitingFile(m.Groups["name"].Value, long.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture),
                Safe(m.Groups["name"].Value) ? null : "The file's name holds characters sftp cannot be given safely (a quote, backslash, wildcard or leading '-'); rename it on the server."))
            .ToList();
        return ConnectorResult<IReadOnlyList<WaitingFile>>.Ok(files);
    }

    public async Task<ConnectorResult<byte[]>> ReadAsync(WaitingFile file, CancellationToken ct)
    {
        try
        {
            var (outcome, content) = await sftp.DownloadAsync(settings, PathOf(file), ct);
            return content is not null ? ConnectorResult<byte[]>.Ok(content) : SftpErrors.Translate(outcome, settings);
        }
        catch (Exception error) when (error is OutboundBlockedException or TimeoutException)
        {
            return HttpFailureClassifier.Classify(error);
        }
    }

    public async Task<ConnectorResult<string>> MoveAsync(WaitingFile file, FileDisposition to, CancellationToken ct)
    {
        var target = Join(folder, InboxNames.Subfolder(to));
        // OpenSSH's rename replaces an existing file (posix-rename): read the subfolder's names first, so an earlier
        // delivery of the same name is never overwritten.
        var taken = await RunAsync($"-mkdir \"{target}\"\nls -1a \"{target}\"\n", ct);
        if (!taken.IsOk) return taken.Failure!;
        var existing = taken.Value!.Output.Split('\n').Select(l => l.Trim()).Where(l => !l.StartsWith("sftp>", StringComparison.Ordinal))
            .Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var name = existing.Contains(file.Name) ? InboxNames.Unique(file.Name, clock.GetUtcNow()) : file.Name;
        var moved = await RunAsync($"rename \"{PathOf(file)}\" \"{Join(target, name)}\"\n", ct);
        return moved.IsOk ? ConnectorResult<string>.Ok(Join(target, name)) : moved.Failure!;
    }

    public string PathOf(WaitingFile file) => Join(folder, file.Name);

    private async Task<ConnectorResult<SftpOutcome>> RunAsync(string commands, CancellationToken ct)
    {
        try
        {
            var outcome = await sftp.RunAsync(settings, commands, ct);
            return outcome.ExitCode == 0 ? ConnectorResult<SftpOutcome>.Ok(outcome) : SftpErrors.Translate(outcome, settings);
        }
        catch (Exception error) when (error is OutboundBlockedException or TimeoutException)
        {
            return HttpFailureClassifier.Classify(error);
        }
    }

    private static string Join(string folder, string name) => folder.EndsWith('/') ? folder + name : folder + "/" + name;

    /// <summary>
    /// sftp's batch parser reads quotes and backslashes, <c>get</c> expands wildcards, and a leading '-' reads as a flag:
    /// names with any of these, or control characters, are refused rather than escaped.
    /// </summary>
    private static bool Safe(string name) =>
        name.Length > 0 && !name.StartsWith('-') && name.AsSpan().IndexOfAny("\"\\*?[]") < 0 && !name.Any(char.IsControl);

    /// <summary>
    /// <c>-rw-r--r--    ? 1001     1001          1234 Dec  9 10:00 invoices.csv</c>: type, size, and the name after the date
    /// (OpenSSH prints '?' for the link count it is not told).
    /// </summary>
    [GeneratedRegex(@"^(?<type>[-dlcbps])\S*\s+\S+\s+\S+\s+\S+\s+(?<size>\d+)\s+\S+\s+\d+\s+[\d:]+\s(?<name>.+)$")]
    private static partial Regex LongListing();
}
