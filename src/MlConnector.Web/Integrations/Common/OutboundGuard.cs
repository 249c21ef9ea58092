using System.Net;
using System.Net.Sockets;

namespace MlConnector.Web.Integrations.Common;

/// <summary>A connection we refuse to open: the message says which host and why, never what is behind it.</summary>
public sealed class OutboundBlockedException(string message) : Exception(message);

/// <summary>Resolves host names; replaceable so tests can make a name resolve to a private address.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

internal sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>
/// Keeps connectors off private networks: every address a host resolves to must be public, checked at
/// connect time (so a DNS answer cannot change between check and use). The one exception is the portal's
/// own sandbox in sandbox mode: loopback, on a port the portal itself listens on.
/// </summary>
public sealed class OutboundGuard(IHostResolver resolver, ISandboxEndpoint sandbox)
{
    /// <summary>The addresses to connect to for <paramref name="host"/>:<paramref name="port"/>, or a block.</summary>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, int port, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            throw new OutboundBlockedException($"The host '{host}' could not be found.");
        }
        if (addresses.Length == 0) throw new OutboundBlockedException($"The host '{host}' could not be found.");
        if (addresses.All(a => sandbox.Accepts(a, port))) return addresses;
        // One private answer is enough to refuse: round-robin DNS must not smuggle an internal address in.
        if (addresses.FirstOrDefault(a => !AddressPolicy.IsPublic(a)) is { } blocked)
            throw new OutboundBlockedException($"'{host}' points to a private or internal address ({blocked}); connections there are not allowed.");
        return addresses;
    }

    /// <summary>An HTTP handler whose every connection goes through the guard. No redirects: APIs don't need them.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await ResolveAllowedAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
