using System.Net;
using System.Net.Sockets;

namespace MlConnector.Web.Integrations.Common;

/// <summary>Which IP addresses are on the public internet, and so may be reached by a connector.</summary>
public static class AddressPolicy
{
    // Special-purpose ranges (IANA registries): loopback, private, shared, link-local, documentation, multicast, reserved.
    private static readonly (IPAddress Network, int Prefix)[] NonPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
        }.Select(Parse),
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits: judge that address.
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && InRange(address, Parse("64:ff9b::/96")))
            address = new IPAddress(address.GetAddressBytes()[12..]);
        return !NonPublic.Any(range => InRange(address, range));
    }

    private static bool InRange(IPAddress address, (IPAddress Network, int Prefix) range)
    {
        if (address.AddressFamily != range.Network.AddressFamily) return false;
        var bytes = address.GetAddressBytes();
        var network = range.Network.GetAddressBytes();
        var bits = range.Prefix;
        for (var i = 0; bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((bytes[i] & mask) != (network[i] & mask)) return false;
        }
        return true;
    }

    private static (IPAddress, int) Parse(string cidr)
    {
        var parts = cidr.Split('/');
        return (IPAddress.Parse(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
