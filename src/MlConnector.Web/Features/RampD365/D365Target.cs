using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Web.Features.RampD365;

/// <summary>What every Ramp → D365 flow needs of its target: the D365 connection's credentials, read once per batch.</summary>
public static class D365Target
{
    public static Task<D365Credentials> CredentialsAsync(FlowContext context, CancellationToken ct) =>
        context.OnceAsync("d365-credentials", async () =>
        {
            var store = context.Services.GetRequiredService<ConnectionStore>();
            var view = (await store.IntegrationAsync(context.Integration.Id, ct))!.Value.Connections.Single(c => c.System == ExternalSystem.Dynamics365);
            return (await store.CredentialsAsync(view.Id, ct))?.ToD365()
                ?? throw new InvalidOperationException("The Dynamics 365 connection has no complete credentials.");
        });

    /// <summary>An OData string literal: quoted, with <c>'</c> doubled.</summary>
    public static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
