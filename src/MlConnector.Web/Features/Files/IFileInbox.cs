using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Files;

/// <summary>A file waiting in an inbox folder.</summary>
/// <param name="Problem">Why it cannot be fetched as it is (an unsafe name): reported on every poll, never skipped silently.</param>
public sealed record WaitingFile(string Name, long Size, string? Problem = null);

/// <summary>Where a taken file goes: <c>processed/</c> once its rows are in (or it was a repeat), <c>rejected/</c> when none were.</summary>
public enum FileDisposition { Processed, Rejected }

/// <summary>
/// A folder other systems drop files into (an SFTP server's outbound folder, a local drop folder). A file is moved
/// into a subfolder once taken, so it is processed once and stays on the server for anyone to look at.
/// </summary>
public interface IFileInbox
{
    /// <summary>The files waiting, without files still being written (<c>.tmp</c>, <c>.part</c>) or hidden ones.</summary>
    Task<ConnectorResult<IReadOnlyList<WaitingFile>>> ListAsync(CancellationToken ct);

    Task<ConnectorResult<byte[]>> ReadAsync(WaitingFile file, CancellationToken ct);

    /// <summary>Moves the file into <c>processed/</c> or <c>rejected/</c> beside it; returns its new path.</summary>
    Task<ConnectorResult<string>> MoveAsync(WaitingFile file, FileDisposition to, CancellationToken ct);

    /// <summary>The file's path as a person would look for it; stored on the <see cref="InboundFile"/>.</summary>
    string PathOf(WaitingFile file);
}

/// <summary>Naming rules every inbox shares.</summary>
internal static class InboxNames
{
    private static readonly string[] InProgress = [".tmp", ".part", ".filepart", ".partial"];

    /// <summary>Hidden files (our own ping probes among them) and files a writer has not finished: never taken.</summary>
    public static bool Ignored(string name) =>
        name.StartsWith('.') || InProgress.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    public static string Subfolder(FileDisposition to) => to == FileDisposition.Processed ? "processed" : "rejected";

    /// <summary>
    /// The name a moved file gets when one of that name is already there (the same export delivered twice): the time it
    /// was moved and a random tail, before the extension, so the earlier file is never overwritten.
    /// </summary>
    public static string Unique(string name, DateTimeOffset now)
    {
        var extension = Path.GetExtension(name);
        return $"{name[..^extension.Length]}.{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}{extension}";
    }
}
