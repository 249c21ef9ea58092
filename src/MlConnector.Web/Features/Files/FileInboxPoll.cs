using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Files;

/// <summary>One waiting file after a poll: what intake made of it and where it went, or why it is still waiting.</summary>
/// <param name="MovedTo">Its path after the move; null while it is still in the inbox.</param>
/// <param name="Failure">Why it could not be read or moved; it stays in the inbox and the next poll tries again.</param>
public sealed record PolledFile(string Name, FileAcceptance? Acceptance, string? MovedTo, ConnectorFailure? Failure);

/// <summary>A poll of an inbox: every waiting file, or why the inbox could not be listed.</summary>
public sealed record FilePoll(IReadOnlyList<PolledFile> Files, ConnectorFailure? Failure)
{
    public bool IsOk => Failure is null && Files.All(f => f.Failure is null);
}

/// <summary>
/// Takes every file waiting in an inbox, oldest name first: reads it, stores it with its rows through
/// <see cref="FileIntake"/>, and only then moves it out of the inbox. A file that cannot be read or moved stays where it is;
/// the next poll finds it again and its hash makes the second look harmless, so a file is neither lost nor taken twice.
/// </summary>
public sealed partial class FileInboxPoll(FileIntake intake, ILogger<FileInboxPoll> log)
{
    /// <summary>Files above this are left in the inbox and reported: the whole file is held in memory and in one row.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public async Task<FilePoll> PollAsync(Guid integrationId, IFileInbox inbox, IInboundFileFormat format, string flowName, CancellationToken ct)
    {
        var listed = await inbox.ListAsync(ct);
        if (!listed.IsOk) return new([], listed.Failure);
        var files = new List<PolledFile>();
        // Exports are named by time (Stampli's <object>_<entity>_<timestamp>_<seq>.csv): name order is delivery order.
        foreach (var file in listed.Value!.OrderBy(f => f.Name, StringComparer.Ordinal))
            files.Add(await TakeAsync(integrationId, inbox, file, format, flowName, ct));
        return new(files, null);
    }

    private async Task<PolledFile> TakeAsync(Guid integrationId, IFileInbox inbox, WaitingFile file, IInboundFileFormat format, string flowName, CancellationToken ct)
    {
        if (file.Problem is not null) return Waiting(file, new(FailureKind.Configuration, file.Problem));
        if (file.Size > MaxFileBytes)
            return Waiting(file, new(FailureKind.Permanent, $"'{file.Name}' is {file.Size / (1024 * 1024)} MB; files over {MaxFileBytes / (1024 * 1024)} MB are left in place.",
                "Ask for the export to be split into smaller files."));
        var read = await inbox.ReadAsync(file, ct);
        if (!read.IsOk) return Waiting(file, read.Failure!);

        var acceptance = await intake.AcceptAsync(integrationId, format.Name, inbox.PathOf(file), read.Value!, format, flowName, ct);
        var to = acceptance.File.State == InboundFileState.Rejected ? FileDisposition.Rejected : FileDisposition.Processed;
        var moved = await inbox.MoveAsync(file, to, ct);
        if (!moved.IsOk) LogNotMoved(file.Name, moved.Failure!.Message);
        return new(file.Name, acceptance, moved.Value, moved.Failure);
    }

    private PolledFile Waiting(WaitingFile file, ConnectorFailure failure)
    {
        LogLeftWaiting(file.Name, failure.Message);
        return new(file.Name, null, null, failure);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound file {Name} stays in the inbox: {Reason}")]
    private partial void LogLeftWaiting(string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound file {Name} is stored but could not be moved out of the inbox; the next poll moves it: {Reason}")]
    private partial void LogNotMoved(string name, string reason);
}
