using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampChart;

/// <summary>
/// Makes sure Ramp has an active accounting connection for our ERP before any chart write: the chart belongs to the
/// active connection, and Ramp allows one at a time. An earlier connection of ours is reactivated rather than a new
/// one created, because reactivating restores the chart it held (so the push only sends the difference).
/// </summary>
internal static class AccountingConnectionSetup
{
    public static async Task<ConnectorResult<AccountingConnectionStep>> EnsureAsync(RampClient ramp, RampSession session, CancellationToken ct)
    {
        var all = await ramp.AccountingConnectionsAsync(session.Credentials, session.Token, ct);
        if (!all.IsOk) return all.Failure!;
        if (all.Value!.FirstOrDefault(c => c.IsActive) is { } active)
        {
            // Someone else's connection (a direct ERP link, another tool) owns the chart: writing ours into it would
            // mix two ledgers, and with a direct link Ramp refuses chart writes anyway.
            return active.RemoteProviderName == session.RemoteProviderName
                ? ConnectorResult<AccountingConnectionStep>.Ok(AccountingConnectionStep.Existing)
                : new ConnectorFailure(FailureKind.Configuration,
                    $"Ramp's active accounting connection is \"{active.RemoteProviderName}\", not {session.RemoteProviderName}.",
                    "Ramp keeps one active accounting connection and the chart belongs to it: disconnect the other one in Ramp (Settings → Accounting), then push again.");
        }
        var earlier = all.Value!.LastOrDefault(c => c.RemoteProviderName == session.RemoteProviderName && c.ConnectionType is null or "API");
        if (earlier is not null)
        {
            var reactivated = await ramp.ReactivateAccountingConnectionAsync(session.Credentials, session.Token, earlier.Id, ct);
            return reactivated.IsOk ? ConnectorResult<AccountingConnectionStep>.Ok(AccountingConnectionStep.Reactivated) : reactivated.Failure!;
        }
        var created = await ramp.CreateAccountingConnectionAsync(session.Credentials, session.Token, session.RemoteProviderName, ct);
        return created.IsOk ? ConnectorResult<AccountingConnectionStep>.Ok(AccountingConnectionStep.Created) : created.Failure!;
    }
}
