using System.Security.Cryptography;
using System.Text;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>What the signature check found.</summary>
public enum SignatureVerdict { Valid, Missing, Mismatch }

/// <summary>
/// Ramp's signature: HMAC-SHA256 over the exact body bytes, keyed by the subscription secret as UTF-8 [contract §5].
/// Sources disagree on the header (<c>X-Ramp-Signature</c> in 2026, <c>X-Ramp-Webhook-Signature</c> in the 2025 doc)
/// and the encoding (hex in Ramp's examples, base64 in some receivers), so both names and encodings are accepted, with an
/// optional <c>sha256=</c> or <c>v1,</c> prefix. Compared in constant time; the body is never re-serialised.
/// </summary>
public static class WebhookSignature
{
    public static readonly IReadOnlyList<string> HeaderNames = ["X-Ramp-Signature", "X-Ramp-Webhook-Signature"];

    private static readonly string[] Prefixes = ["sha256=", "v1,", "v1="];

    /// <summary>Checks every signature header present; one that matches is enough.</summary>
    public static SignatureVerdict Verify(string secret, ReadOnlySpan<byte> body, IEnumerable<string?> headerValues)
    {
        var values = headerValues.Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        if (values.Count == 0) return SignatureVerdict.Missing;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        foreach (var value in values)
        {
            if (Decode(value!) is { } given && CryptographicOperations.FixedTimeEquals(expected, given)) return SignatureVerdict.Valid;
        }
        return SignatureVerdict.Mismatch;
    }

    /// <summary>The 32 digest bytes a header value carries (hex of either case, or base64), or null when it carries none.</summary>
    internal static byte[]? Decode(string value)
    {
        var text = value.Trim();
        foreach (var prefix in Prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[prefix.Length..].Trim();
                break;
            }
        }
        if (text.Length == HMACSHA256.HashSizeInBytes * 2)
        {
            try
            {
                return Convert.FromHexString(text);
            }
            catch (FormatException)
            {
                // 64 characters of base64 are not a 32-byte digest either: fall through and fail the length check.
            }
        }
        var base64 = text.Replace('-', '+').Replace('_', '/');
        if (base64.Length % 4 != 0) base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4), '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written == HMACSHA256.HashSizeInBytes ? buffer[..written] : null;
    }

    /// <summary>How Ramp signs (lowercase hex, no prefix); for tests that play Ramp.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
