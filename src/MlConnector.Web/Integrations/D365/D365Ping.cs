using System.Diagnostics;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.D365;

/// <summary>Checks an F&amp;O connection: an Entra token, the configured legal entity, one main account.</summary>
public sealed class D365Ping(D365TokenSource tokens, D365Client d365)
{
    public async Task<PingReport> PingAsync(D365Credentials credentials, CancellationToken ct)
    {
        var steps = new List<PingStep>();
        var watch = Stopwatch.StartNew();
        var token = await tokens.GetTokenAsync(credentials, forceRefresh: false, ct);
        if (!token.IsOk)
        {
            steps.Add(new("Get a token from Microsoft Entra ID", false, watch.Elapsed, token.Failure!.Message, token.Failure));
            return new(steps);
        }
        steps.Add(new("Get a token from Microsoft Entra ID", true, watch.Elapsed, $"Token for {credentials.Scope}"));

        watch.Restart();
        var entities = await d365.GetRowsAsync(credentials, "LegalEntities?cross-company=true&$select=LegalEntityId,Name", ct);
        if (!entities.IsOk)
        {
            steps.Add(new("Find the legal entity", false, watch.Elapsed, entities.Failure!.Message, entities.Failure));
            return new(steps);
        }
        var ids = entities.Value!.Select(e => e.GetProperty("LegalEntityId").GetString() ?? "").ToList();
        if (!ids.Contains(credentials.LegalEntity, StringComparer.OrdinalIgnoreCase))
        {
            var failure = new ConnectorFailure(FailureKind.Configuration, $"Legal entity '{credentials.LegalEntity}' does not exist in this environment.",
                $"The environment has: {string.Join(", ", ids)}. Use the dataAreaId shown at the top right of F&O.");
            steps.Add(new("Find the legal entity", false, watch.Elapsed, failure.Message, failure));
            return new(steps);
        }
        steps.Add(new("Find the legal entity", true, watch.Elapsed, $"'{credentials.LegalEntity}' found among {ids.Count} legal entities."));

        watch.Restart();
        var accounts = await d365.GetRowsAsync(credentials, "MainAccounts?$top=1&$select=MainAccountId,Name", ct);
        steps.Add(accounts.IsOk
            ? new("Read a main account", true, watch.Elapsed, accounts.Value!.Count > 0 ? $"Read main account {accounts.Value[0].GetProperty("MainAccountId").GetString()}." : "The chart of accounts is empty.")
            : new("Read a main account", false, watch.Elapsed, accounts.Failure!.Message, accounts.Failure));
        return new(steps);
    }
}
