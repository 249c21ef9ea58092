namespace MlConnector.Sandbox.D365;

/// <summary>
/// An OData error the way F&amp;O shapes it (contract §9): <c>{"error":{"code":"","message":…,"innererror":{…}}}</c>.
/// Write and validation failures are 500 <c>AxODataWriteException</c> with the useful text after "Infolog:".
/// </summary>
public sealed class ODataFault(int status, string message, string? innerMessage = null, string? innerType = null) : Exception(message)
{
    public const string WriteExceptionType = "Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException";

    public int Status { get; } = status;

    public string? InnerMessage { get; } = innerMessage;

    public string? InnerType { get; } = innerType;

    public static ODataFault BadRequest(string message) => new(400, message);

    public static ODataFault NotFound(string message) => new(404, message);

    /// <summary>A rejected write: 500 with an empty code, as F&amp;O answers infolog errors.</summary>
    public static ODataFault WriteFailed(string entityType, string infolog) =>
        new(500, "An error has occurred.", $"Write failed for table row of type '{entityType}'. Infolog: {infolog}", WriteExceptionType);
}
