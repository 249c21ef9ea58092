using System.Diagnostics;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Visma;

/// <summary>Checks a Visma.net connection: a token for the tenant, then one account from the company.</summary>
public sealed class VismaPing(VismaClient visma)
{
    public async Task<PingReport> PingAsync(VismaCredentials credentials, CancellationToken ct)
    {
        var steps = new List<PingStep>();
        var watch = Stopwatch.StartNew();
        var token = await visma.GetTokenAsync(credentials, ct);
        if (!token.IsOk)
        {
            var failure = token.Failure!;
            failure = failure.Message.Contains("invalid_scope", StringComparison.Ordinal)
                ? failure with { Kind = FailureKind.Auth, Hint = "The integration needs read, create and update (vismanet_erp_service_api:*). Ask Visma to approve them for your app in the Developer Portal." }
                : failure.StatusCode is 400 or 401
                    ? failure with
                    {
                        Kind = FailureKind.Auth,
                        Hint = "Check the client ID and secret in the Visma Developer Portal, and that the integration is activated for this tenant in Visma App Store.",
                    }
                    : failure;
            steps.Add(new("Get a token", false, watch.Elapsed, failure.Message, failure));
            return new(steps);
        }
        steps.Add(new("Get a token", true, watch.Elapsed, $"Granted: {string.Join(", ", token.Value!.Scopes)}"));

        watch.Restart();
        var accounts = await visma.CountAccountsAsync(credentials, token.Value, ct);
        if (accounts.IsOk)
        {
            steps.Add(new("Read the company's accounts", true, watch.Elapsed, $"Company {credentials.CompanyId} answers ({accounts.Value} accounts)."));
            return new(steps);
        }
        var readFailure = accounts.Failure!;
        if (readFailure.StatusCode == 401)
        {
            // Contract §1: a customer-level tenant id gets a token, but the company refuses it.
            readFailure = readFailure with
            {
                Kind = FailureKind.Configuration,
                Message = $"Visma issued a token but company {credentials.CompanyId} refused it.",
                Hint = "Use the company's tenant ID, not the customer's (Visma App Store → your integration → Tenants), and check that the company ID belongs to that tenant.",
            };
        }
        steps.Add(new("Read the company's accounts", false, watch.Elapsed, readFailure.Message, readFailure));
        return new(steps);
    }
}
