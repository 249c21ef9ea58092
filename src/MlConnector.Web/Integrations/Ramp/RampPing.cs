using System.Diagnostics;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Ramp;

/// <summary>Checks a Ramp app: a token with every scope the integration needs, then one cheap accounting read.</summary>
public sealed class RampPing(RampClient ramp)
{
    public async Task<PingReport> PingAsync(RampCredentials credentials, CancellationToken ct)
    {
        var steps = new List<PingStep>();
        var watch = Stopwatch.StartNew();
        var token = await ramp.GetTokenAsync(credentials, RampClient.RequiredScopes, ct);
        if (!token.IsOk)
        {
            var failure = token.Failure!;
            if (failure.StatusCode == 403)
            {
                var refused = await ramp.RefusedScopesAsync(credentials, RampClient.RequiredScopes, ct);
                failure = new(FailureKind.Auth, $"Your Ramp app is not allowed these scopes: {string.Join(", ", refused)}.",
                    "In Ramp → Settings → Developer API → your app, add these scopes, then ping again.", StatusCode: 403);
            }
            else if (failure.StatusCode is 400 or 401)
            {
                failure = failure with
                {
                    Message = "Ramp did not accept this client ID and secret.",
                    Hint = "Copy both again from Ramp → Settings → Developer API, and check the environment: a sandbox app only works against Ramp's sandbox, a production app only against production.",
                };
            }
            steps.Add(new("Get a token", false, watch.Elapsed, failure.Message, failure));
            return new(steps);
        }
        // A token can come back with fewer scopes than asked for: name what is missing rather than fail later.
        if (token.Value!.Scopes.Count > 0 && RampClient.RequiredScopes.Except(token.Value.Scopes).ToList() is { Count: > 0 } missing)
        {
            steps.Add(new("Get a token", false, watch.Elapsed, "Some scopes were not granted.",
                new(FailureKind.Auth, $"Your Ramp app is not allowed these scopes: {string.Join(", ", missing)}.",
                    "In Ramp → Settings → Developer API → your app, add these scopes, then ping again.")));
            return new(steps);
        }
        steps.Add(new("Get a token", true, watch.Elapsed, $"Granted: {string.Join(", ", token.Value.Scopes)}"));

        watch.Restart();
        var connection = await ramp.AccountingConnectionAsync(credentials, token.Value, ct);
        steps.Add(connection switch
        {
            { IsOk: true, Value: { } name } => new("Read the accounting connection", true, watch.Elapsed, $"Ramp has an accounting connection ({name})."),
            { IsOk: true } => new("Read the accounting connection", true, watch.Elapsed, "No accounting connection yet: ml-connector creates it when you switch the integration on."),
            _ => new("Read the accounting connection", false, watch.Elapsed, connection.Failure!.Message, connection.Failure),
        });
        return new(steps);
    }
}
