using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlConnector.Web.Features.Sync;

/// <summary>
/// What a Mapped audit event keeps of the payload: its hash always, and the payload itself when it differs from the
/// previous attempt's (and is small), so the record explorer can show how the payload changed between attempts although
/// the record holds only the latest. Pruned with the other details after the retention period.
/// </summary>
public static class PayloadTrail
{
    public const int MaxKeptChars = 32 * 1024;

    public static string? Describe(string? payload, string? previous)
    {
        if (payload is null) return null;
        var hash = Hash(payload);
        var unchanged = previous is not null && string.Equals(previous, payload, StringComparison.Ordinal);
        return JsonSerializer.Serialize(new Entry(hash, payload.Length, unchanged ? null : payload.Length <= MaxKeptChars ? payload : null, unchanged ? true : null));
    }

    /// <summary>The entry written by <see cref="Describe"/>, or null for a detail in another form (older trails).</summary>
    public static Entry? Read(string? detail)
    {
        if (detail is null || !detail.StartsWith("{\"sha256\"", StringComparison.Ordinal)) return null;
        try
        {
            return JsonSerializer.Deserialize<Entry>(detail);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Hash(string payload) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))[..16];

    /// <param name="Sha256">The first 16 hex digits of the payload's SHA-256.</param>
    /// <param name="Payload">The payload, when it changed since the previous attempt and is at most <see cref="MaxKeptChars"/> long.</param>
    /// <param name="Unchanged">True when it is the same as the previous attempt's.</param>
    public sealed record Entry(
        [property: System.Text.Json.Serialization.JsonPropertyName("sha256")] string Sha256,
        [property: System.Text.Json.Serialization.JsonPropertyName("chars")] int Chars,
        [property: System.Text.Json.Serialization.JsonPropertyName("payload"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Payload,
        [property: System.Text.Json.Serialization.JsonPropertyName("unchanged"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Unchanged);
}
