using System.Text.Json;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>Reads one saved connection's master data with its system's reader, as a classified result.</summary>
public sealed class ReferenceSources(
    ConnectionStore connections, CurrentWorkspace current, ISandboxEndpoint sandbox, RampTokens rampTokens,
    D365ReferenceReader d365, RampReferenceReader ramp, VismaReferenceReader visma)
{
    /// <summary>Systems with master data to read (Stampli's drop folder has none).</summary>
    public static bool CanRead(ExternalSystem system) => system is ExternalSystem.Dynamics365 or ExternalSystem.Ramp or ExternalSystem.VismaNet;

    public async Task<ConnectorResult<IReadOnlyList<ReferenceRow>>> ReadAsync(ConnectionView connection, CancellationToken ct)
    {
        var credentials = await connections.CredentialsAsync(connection.Id, ct)
            ?? throw new KeyNotFoundException($"Connection {connection.Id} is not in this workspace.");
        var workspaceId = current.Id ?? throw new InvalidOperationException("Reference data is read inside a workspace.");
        try
        {
            return connection.System switch
            {
                ExternalSystem.Dynamics365 => credentials.ToD365() is { } d365Credentials
                    ? await d365.ReadAsync(d365Credentials, ct)
                    : Unusable("The Dynamics 365 connection has no environment URL yet."),
                ExternalSystem.Ramp => credentials.ToRamp(sandbox) is { } rampCredentials
                    ? await ReadRampAsync(workspaceId, connection.Id, rampCredentials, ct)
                    : Unusable("The Ramp environment of this connection cannot be reached from here."),
                ExternalSystem.VismaNet => credentials.ToVisma(sandbox) is { } vismaCredentials
                    ? await visma.ReadAsync(vismaCredentials, ct)
                    : Unusable("The Visma.net environment of this connection cannot be reached from here."),
                _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.System, "This system has no master data to read."),
            };
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A body of an unexpected shape is this system's failure; the other systems' reads still count.
            return new ConnectorFailure(FailureKind.Permanent, $"{connection.System} answered in a shape we could not read: {error.Message}");
        }
    }

    private async Task<ConnectorResult<IReadOnlyList<ReferenceRow>>> ReadRampAsync(Guid workspaceId, Guid connectionId, RampCredentials credentials, CancellationToken ct)
    {
        var token = await rampTokens.GetAsync(workspaceId, connectionId, ct);
        return token.IsOk ? await ramp.ReadAsync(credentials, token.Value!, ct) : token.Failure!;
    }

    private static ConnectorFailure Unusable(string message) => new(FailureKind.Configuration, message, "Add the credentials and ping first.");
}
