using System.Net;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Infrastructure;

/// <summary>
/// Lets exactly one loopback port through the outbound guard: the sshd fixture listens on loopback and
/// stands for a customer's public server. <see cref="None"/> lets nothing through, like production.
/// </summary>
public sealed class LoopbackPortSandbox(int port) : ISandboxEndpoint
{
    public static readonly LoopbackPortSandbox None = new(-1);

    public bool Accepts(IPAddress address, int candidate) => IPAddress.IsLoopback(address) && candidate == port;

    public bool IsSandbox(Uri uri) => false;

    public Uri? SimulatorBase(string name) => null;
}
