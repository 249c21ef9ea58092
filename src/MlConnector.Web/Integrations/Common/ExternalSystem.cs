namespace MlConnector.Web.Integrations.Common;

public enum ExternalSystem { Ramp, Dynamics365, VismaNet, StampliSftp }

/// <summary>The hosts each system's API lives on: a connector calls nothing else (sandbox aside).</summary>
public static class SystemHosts
{
    public static bool IsAllowed(ExternalSystem system, Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && system != ExternalSystem.StampliSftp) return false;
        var host = uri.IdnHost.ToLowerInvariant();
        return system switch
        {
            ExternalSystem.Ramp => host is "api.ramp.com" or "demo-api.ramp.com",
            // <environment>.operations.dynamics.com (also <env>.sandbox.operations…), and Entra ID for tokens.
            ExternalSystem.Dynamics365 => host == "login.microsoftonline.com"
                || (host.EndsWith(".operations.dynamics.com", StringComparison.Ordinal) && host.Length > ".operations.dynamics.com".Length),
            ExternalSystem.VismaNet => host is "api.finance.visma.net" or "connect.visma.com" or "integration.visma.net",
            // The customer's own SFTP server: any public host, which the address check enforces.
            ExternalSystem.StampliSftp => true,
            _ => false,
        };
    }
}

/// <summary>Refuses any request to a host outside the system's allow-list before a connection is attempted.</summary>
public sealed class SystemHostHandler(ExternalSystem system, ISandboxEndpoint sandbox) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (!SystemHosts.IsAllowed(system, uri) && !sandbox.IsSandbox(uri))
            throw new OutboundBlockedException($"'{uri.Host}' is not a {system} address; check the host in the connection settings.");
        return base.SendAsync(request, cancellationToken);
    }
}
