using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MlConnector.Web.Integrations.Common;

/// <summary>Whether an address is this portal's own built-in sandbox (allowed only in sandbox mode).</summary>
public interface ISandboxEndpoint
{
    /// <summary>A loopback address on one of the portal's own ports, in sandbox mode.</summary>
    bool Accepts(IPAddress address, int port);

    /// <summary>A URL of the portal's own simulators (<c>http://localhost:{own port}/sandbox/…</c>), in sandbox mode.</summary>
    bool IsSandbox(Uri uri);

    /// <summary>Where a built-in simulator answers (<c>…/sandbox/{name}/</c>), or null when sandbox mode is off.</summary>
    Uri? SimulatorBase(string name);
}

internal sealed class PortalSandboxEndpoint(IConfiguration configuration, IServer server) : ISandboxEndpoint
{
    private bool Enabled => configuration.GetValue<bool>("Sandbox:Enabled");

    public bool Accepts(IPAddress address, int port) => Enabled && IPAddress.IsLoopback(address) && OwnPorts().Contains(port);

    public bool IsSandbox(Uri uri) =>
        Enabled
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)))
        && OwnPorts().Contains(uri.Port)
        && uri.AbsolutePath.StartsWith("/sandbox/", StringComparison.Ordinal);

    public Uri? SimulatorBase(string name) =>
        Enabled && OwnPorts().FirstOrDefault(p => p > 0) is var port and > 0 ? new Uri($"http://127.0.0.1:{port}/sandbox/{name}/") : null;

    private IEnumerable<int> OwnPorts() =>
        (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        .Select(a => a.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal))
        .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri.Port : -1);
}
