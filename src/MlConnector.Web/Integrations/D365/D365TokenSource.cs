using System.Collections.Concurrent;
using Microsoft.Identity.Client;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.D365;

/// <summary>An Entra ID app registration with access to one F&amp;O environment and the legal entity to post into.</summary>
public sealed record D365Credentials(Uri EnvironmentUrl, string TenantId, string ClientId, string ClientSecret, string LegalEntity)
{
    /// <summary>Entra wants the environment URL lower case and without a trailing slash as the resource.</summary>
    public string Scope => $"{EnvironmentUrl.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant()}/.default";
}

/// <summary>
/// Entra ID tokens through MSAL (confidential client, client credentials). One MSAL app per credential set
/// keeps its token cache, so a token is reused until shortly before it expires. In sandbox mode the
/// https authority is kept (MSAL refuses http) and its requests are rewritten to the D365 simulator.
/// </summary>
public sealed class D365TokenSource(IHttpClientFactory httpClients, IHttpMessageHandlerFactory handlers, ISandboxEndpoint sandbox)
{
    public const string HttpClientName = "d365-entra";
    private readonly ConcurrentDictionary<(string Tenant, string Client, string Secret, bool Sandbox), IConfidentialClientApplication> apps = new();

    public async Task<ConnectorResult<string>> GetTokenAsync(D365Credentials credentials, bool forceRefresh, CancellationToken ct)
    {
        var viaSandbox = sandbox.IsSandbox(credentials.EnvironmentUrl);
        var app = apps.GetOrAdd((credentials.TenantId, credentials.ClientId, credentials.ClientSecret, viaSandbox), key =>
            ConfidentialClientApplicationBuilder.Create(key.Client)
                .WithClientSecret(key.Secret)
                .WithAuthority($"https://login.microsoftonline.com/{Uri.EscapeDataString(key.Tenant)}")
                .WithInstanceDiscovery(false)
                .WithHttpClientFactory(new MsalHttpClients(httpClients, handlers, key.Sandbox ? sandbox.SimulatorBase("d365") : null))
                .Build());
        try
        {
            var result = await app.AcquireTokenForClient([credentials.Scope]).WithForceRefresh(forceRefresh).ExecuteAsync(ct);
            return ConnectorResult<string>.Ok(result.AccessToken);
        }
        catch (MsalServiceException error)
        {
            return EntraErrors.Translate(error, credentials);
        }
        catch (MsalClientException error) when (error.InnerException is HttpRequestException or OutboundBlockedException)
        {
            return HttpFailureClassifier.Classify(error.InnerException);
        }
        catch (HttpRequestException error)
        {
            return HttpFailureClassifier.Classify(error);
        }
    }

    /// <summary>MSAL's HTTP goes through our connector pipeline; in sandbox mode Entra's host is swapped for the simulator.</summary>
    private sealed class MsalHttpClients(IHttpClientFactory httpClients, IHttpMessageHandlerFactory handlers, Uri? simulator) : IMsalHttpClientFactory
    {
        // The factory owns the pipeline's handlers: the client must not dispose them.
        public HttpClient GetHttpClient() => simulator is null
            ? httpClients.CreateClient(HttpClientName)
            : new HttpClient(new SandboxRewrite(simulator) { InnerHandler = handlers.CreateHandler(HttpClientName) }, disposeHandler: false);
    }

    private sealed class SandboxRewrite(Uri simulator) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { Host: "login.microsoftonline.com" } uri)
                request.RequestUri = new Uri(simulator, uri.PathAndQuery.TrimStart('/'));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
