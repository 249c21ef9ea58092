using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Web.Features.RampD365;

/// <summary>The integration's D365 credentials, read once per batch and shared by its records.</summary>
internal static class D365Connection
{
    public static Task<ConnectorResult<D365Credentials>> CredentialsAsync(FlowContext context, CancellationToken ct) =>
        context.OnceAsync("d365-credentials", async () =>
        {
            var store = context.Services.GetRequiredService<ConnectionStore>();
            var connection = (await store.IntegrationAsync(context.Integration.Id, ct))?.Connections.FirstOrDefault(c => c.System == ExternalSystem.Dynamics365);
            var credentials = connection is null ? null : (await store.CredentialsAsync(connection.Id, ct))?.ToD365();
            return credentials is null
                ? ConnectorResult<D365Credentials>.Fail(new ConnectorFailure(FailureKind.Configuration, "The integration has no complete Dynamics 365 connection.",
                    "Enter the Dynamics 365 credentials on the integration page and ping them."))
                : ConnectorResult<D365Credentials>.Ok(credentials);
        });

    /// <summary>An OData string literal: quoted, with <c>'</c> doubled.</summary>
    public static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
