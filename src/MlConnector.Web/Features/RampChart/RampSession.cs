using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampChart;

/// <summary>An integration's Ramp side, ready to call: where Ramp is, a token, and which ERP feeds it.</summary>
public sealed record RampSession(RampCredentials Credentials, RampToken Token, ExternalSystem Erp, string RemoteProviderName);

/// <summary>Opens the Ramp side of an integration of the current workspace (Ramp + D365, or Ramp + Visma).</summary>
public sealed class RampSessions(ConnectionStore connections, CurrentWorkspace current, RampTokens tokens, ISandboxEndpoint sandbox)
{
    /// <summary>What Ramp's accounting connection is called for each ERP (Ramp shows it to the customer).</summary>
    public static string? ProviderName(ExternalSystem erp) => erp switch
    {
        ExternalSystem.Dynamics365 => "Microsoft Dynamics 365 Finance & Operations",
        ExternalSystem.VismaNet => "Visma.net ERP",
        _ => null,
    };

    /// <summary>The ERP whose chart goes to Ramp, or null when the integration has no Ramp side to push to.</summary>
    public static ExternalSystem? ErpOf(IntegrationKind kind)
    {
        var systems = ConnectionStore.SystemsOf(kind);
        return systems.Contains(ExternalSystem.Ramp) ? systems.Where(s => ProviderName(s) is not null).Cast<ExternalSystem?>().FirstOrDefault() : null;
    }

    public async Task<ConnectorResult<RampSession>> OpenAsync(Guid integrationId, CancellationToken ct)
    {
        if (await connections.IntegrationAsync(integrationId, ct) is not { } found) throw new KeyNotFoundException($"Integration {integrationId} is not in this workspace.");
        if (ErpOf(found.Integration.Kind) is not { } erp)
            return new ConnectorFailure(FailureKind.Configuration, "This integration has no Ramp and ERP pair to push a chart between.");
        var view = found.Connections.Single(c => c.System == ExternalSystem.Ramp);
        if (!view.IsSaved || (await connections.CredentialsAsync(view.Id, ct))?.ToRamp(sandbox) is not { } credentials)
            return new ConnectorFailure(FailureKind.Configuration, "The Ramp connection has no usable credentials yet.", "Add the Ramp credentials and ping first.");
        var token = await tokens.GetAsync(current.Id!.Value, view.Id, ct);
        return token.IsOk
            ? ConnectorResult<RampSession>.Ok(new RampSession(credentials, token.Value!, erp, ProviderName(erp)!))
            : token.Failure!;
    }
}
