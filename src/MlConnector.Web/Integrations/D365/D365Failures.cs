using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.D365;

/// <summary>
/// F&amp;O's error bodies (contract §9) read for people and for flows. A rejected write is a 500 whose <c>message</c> is the
/// generic "An error has occurred." and whose <c>innererror</c> (type <c>AxODataWriteException</c>) carries the infolog.
/// </summary>
public static partial class D365Failures
{
    private const string GenericMessage = "An error has occurred.";
    private const string WriteException = "AxODataWriteException";

    /// <summary>
    /// Whether F&amp;O refused an invoice because its number is already used for the vendor (contract §6). The infolog wording
    /// is unverified, so this matches loosely: "invoice", then "already used" / "already in use" / "already been used".
    /// </summary>
    public static bool IsDuplicateInvoiceNumber(ConnectorFailure failure) =>
        failure.Kind == FailureKind.Permanent && DuplicateInvoiceText().IsMatch(failure.Message);

    /// <summary>The text worth showing: the infolog after "Infolog:" when <c>message</c> is the generic one, else <c>message</c>.</summary>
    public static string? Message(string body)
    {
        if (Error(body) is not { } error) return null;
        var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
        var inner = error.TryGetProperty("innererror", out var i) && i.ValueKind == JsonValueKind.Object && i.TryGetProperty("message", out var im) ? im.GetString() : null;
        if (string.IsNullOrWhiteSpace(inner) || !(string.IsNullOrWhiteSpace(message) || message == GenericMessage)) return message;
        var infolog = inner.IndexOf("Infolog:", StringComparison.Ordinal);
        return infolog < 0 ? inner : inner[(infolog + "Infolog:".Length)..].Trim();
    }

    /// <summary>
    /// The generic reading of the status, except that a 500 <c>AxODataWriteException</c> is Permanent: F&amp;O's rules refused
    /// this data (unknown value, duplicate, posted document), and sending it again gets the same answer.
    /// </summary>
    internal static ConnectorFailure Classify(HttpResponseMessage response, string body, string? context = null)
    {
        var failure = HttpFailureClassifier.Classify(response,
            $"Dynamics 365 answered {(int)response.StatusCode}{context}: {Message(body) ?? response.ReasonPhrase}");
        return response.StatusCode == HttpStatusCode.InternalServerError && IsWriteRejection(body)
            ? failure with { Kind = FailureKind.Permanent, Hint = "Correct the document (or the setup in Dynamics 365 the message names) and send it again." }
            : failure;
    }

    private static bool IsWriteRejection(string body) =>
        Error(body) is { } error && error.TryGetProperty("innererror", out var inner) && inner.ValueKind == JsonValueKind.Object
        && inner.TryGetProperty("type", out var type) && type.GetString() is { } name && name.EndsWith(WriteException, StringComparison.Ordinal);

    private static JsonElement? Error(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? error.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"invoice.*already\s+(been\s+)?(used|in\s+use)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DuplicateInvoiceText();
}
