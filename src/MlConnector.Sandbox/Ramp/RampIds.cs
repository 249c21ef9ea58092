using System.Security.Cryptography;
using System.Text;

namespace MlConnector.Sandbox.Ramp;

/// <summary>Name-based ids: the same seed and the same sequence of calls give the same UUIDs on every run.</summary>
internal static class RampIds
{
    public static string For(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ramp:" + name));
        // RFC 4122 version 5-style bits so the value is a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    public static readonly string BusinessId = For("business");
}
