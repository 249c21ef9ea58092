using System.Text.Json;
using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Files;

/// <summary>What became of a received file's rows.</summary>
public enum InboundFileState
{
    /// <summary>Every row was handed to the sync engine.</summary>
    Accepted,

    /// <summary>The good rows were handed over; the others are listed in <see cref="InboundFile.RowErrorsJson"/>.</summary>
    PartlyAccepted,

    /// <summary>No row was handed over: the file is unreadable, has no usable header, or every row is bad.</summary>
    Rejected,
}

/// <summary>
/// One file received from an SFTP server or drop folder, kept whether or not its rows were good, so nothing that
/// arrived is lost and a second delivery of the same bytes (renamed, re-uploaded) is recognised by its hash.
/// </summary>
public sealed class InboundFile : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }

    /// <summary>The format it was read as (<see cref="IInboundFileFormat.Name"/>), e.g. <c>stampli-invoices</c>.</summary>
    public required string Source { get; set; }

    /// <summary>Where it was found when it first arrived.</summary>
    public required string Path { get; set; }

    /// <summary>SHA-256 of the bytes as received, lower-case hex; unique per integration.</summary>
    public required string ContentHash { get; set; }

    public long Size { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Data rows in the file (blank lines not counted).</summary>
    public int Rows { get; set; }

    /// <summary>Rows handed to the sync engine.</summary>
    public int AcceptedRows { get; set; }

    /// <summary>JSON array of <see cref="FileRowError"/> (<c>{line, column, message}</c>); file-level problems name the header's line.</summary>
    public string RowErrorsJson { get; set; } = "[]";

    public InboundFileState State { get; set; }

    /// <summary>The text as received; pruned by the retention job after the payload retention period.</summary>
    public string? Content { get; set; }

    /// <summary>
    /// When the good rows were handed to the sync engine. Null means the file is stored but the hand-over did not
    /// finish (the process stopped in between): the next delivery of the same bytes finishes it.
    /// </summary>
    public DateTimeOffset? ProcessedAt { get; set; }

    public IReadOnlyList<FileRowError> RowErrors() =>
        JsonSerializer.Deserialize<List<FileRowError>>(RowErrorsJson, JsonSerializerOptions.Web) ?? [];

    internal static string ToJson(IReadOnlyList<FileRowError> errors) => JsonSerializer.Serialize(errors, JsonSerializerOptions.Web);
}
