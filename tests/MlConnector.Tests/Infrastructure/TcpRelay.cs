using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MlConnector.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a local server, which a test can sever and restore. A portal node reaching its
/// database through the relay then loses it at once, mid-transaction, as if the node had died: every connection is
/// reset (the server rolls back and releases the node's locks) and new ones are refused until the relay is restored.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly int targetPort;
    private readonly ConcurrentDictionary<TcpClient, bool> connections = new();
    private TcpListener listener;
    private CancellationTokenSource running = new();

    public TcpRelay(int targetPort)
    {
        this.targetPort = targetPort;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync(listener, running.Token);
    }

    public int Port { get; }

    /// <summary>Resets every relayed connection and refuses new ones.</summary>
    public void Sever()
    {
        if (running.IsCancellationRequested) return;
        running.Cancel();
        listener.Stop();
        foreach (var connection in connections.Keys)
        {
            // Linger 0: close with a reset rather than a polite FIN, as a dead host's kernel would.
            try
            {
                connection.Client?.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
            }
            connection.Dispose();
        }
        connections.Clear();
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        if (!running.IsCancellationRequested) return;
        running.Dispose();
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    public void Dispose()
    {
        Sever();
        running.Dispose();
    }

    private async Task AcceptAsync(TcpListener accepting, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await accepting.AcceptTcpClientAsync(cancellation);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, targetPort, cancellation);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            connections[client] = true;
            connections[server] = true;
            _ = PumpAsync(client, server, cancellation);
            _ = PumpAsync(server, client, cancellation);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cancellation)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellation);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
        to.Dispose();
        connections.TryRemove(to, out _);
    }
}
