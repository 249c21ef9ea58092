using System.ComponentModel.DataAnnotations;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>Webhook intake (section <c>Webhooks</c>); validated at startup.</summary>
public sealed class WebhooksOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Where providers reach this portal from outside (e.g. <c>https://connector.example.com/</c>); subscriptions deliver
    /// to <c>{PublicBaseUrl}webhooks/ramp/{integrationId}</c>. Unset: in sandbox mode the portal's own address, otherwise
    /// subscribing is refused with a message naming this setting.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Bodies above this are refused (413) and recorded without the body. Ramp's envelopes are well under 1 KB.</summary>
    [Range(1024, 10 * 1024 * 1024, ErrorMessage = "Webhooks:MaxBodyBytes must be between 1024 and 10485760.")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long "Subscribe" waits for the provider's verification challenge before leaving it for "Verify".</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Webhooks:VerificationWait must be between 00:00:01 and 00:01:00.")]
    public TimeSpan VerificationWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An accepted delivery not handed over this long after it arrived is the backfill job's (the node stopped in between).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Webhooks:BackfillAfter must be between 00:00:00 and 01:00:00.")]
    public TimeSpan BackfillAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Handling attempts before a delivery is given up on (the scheduled poll still finds the object if it is ready).</summary>
    [Range(1, 100, ErrorMessage = "Webhooks:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 10;

    public Uri? PublicBase => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : new Uri(PublicBaseUrl.TrimEnd('/') + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PublicBaseUrl)) yield break;
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
            yield return new ValidationResult("Webhooks:PublicBaseUrl must be an absolute http(s) URL without query or fragment, e.g. https://connector.example.com/.",
                [nameof(PublicBaseUrl)]);
    }
}
