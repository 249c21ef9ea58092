using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Files;

/// <summary>An inbox in a local directory: the sandbox's stand-in for Stampli's SFTP server, or a mounted share.</summary>
public sealed class DropFolderInbox(string directory, TimeProvider clock) : IFileInbox
{
    public Task<ConnectorResult<IReadOnlyList<WaitingFile>>> ListAsync(CancellationToken ct)
    {
        if (!Directory.Exists(directory))
            return Task.FromResult<ConnectorResult<IReadOnlyList<WaitingFile>>>(
                new ConnectorFailure(FailureKind.Configuration, $"The folder '{directory}' does not exist.", "Check the folder in the connection settings."));
        IReadOnlyList<WaitingFile> files = new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => !InboxNames.Ignored(f.Name) && !f.Attributes.HasFlag(FileAttributes.ReparsePoint))
            .Select(f => new WaitingFile(f.Name, f.Length))
            .ToList();
        return Task.FromResult(ConnectorResult<IReadOnlyList<WaitingFile>>.Ok(files));
    }

    public async Task<ConnectorResult<byte[]>> ReadAsync(WaitingFile file, CancellationToken ct)
    {
        try
        {
            return ConnectorResult<byte[]>.Ok(await File.ReadAllBytesAsync(PathOf(file), ct));
        }
        catch (IOException error)
        {
            return new ConnectorFailure(FailureKind.Transient, $"'{file.Name}' could not be read: {error.Message}");
        }
    }

    public Task<ConnectorResult<string>> MoveAsync(WaitingFile file, FileDisposition to, CancellationToken ct)
    {
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(directory, InboxNames.Subfolder(to))).FullName;
            var target = Path.Combine(folder, file.Name);
            if (File.Exists(target)) target = Path.Combine(folder, InboxNames.Unique(file.Name, clock.GetUtcNow()));
            File.Move(PathOf(file), target, overwrite: false);
            return Task.FromResult(ConnectorResult<string>.Ok(target));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<ConnectorResult<string>>(new ConnectorFailure(FailureKind.Transient, $"'{file.Name}' could not be moved: {error.Message}"));
        }
    }

    public string PathOf(WaitingFile file) => Path.Combine(directory, file.Name);
}
