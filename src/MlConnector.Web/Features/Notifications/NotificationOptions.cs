using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace MlConnector.Web.Features.Notifications;

/// <summary>The operator's SMTP server for notification emails (section <c>Notifications:Smtp</c>); no host: email is not offered.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string? From { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>STARTTLS before authenticating and sending.</summary>
    public bool EnableSsl { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Notifications (section <c>Notifications</c>); validated at startup with every bad key named.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How often the sweep looks for new episodes (an integration paused itself; failures crossed the threshold).</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tries to deliver one episode's notification (one per sweep) before giving up on it.</summary>
    [Range(1, 100, ErrorMessage = "Notifications:MaxSendAttempts must be between 1 and 100.")]
    public int MaxSendAttempts { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SweepEvery < TimeSpan.FromSeconds(1) || SweepEvery > TimeSpan.FromHours(1))
            yield return new ValidationResult("Notifications:SweepEvery must be between 00:00:01 and 01:00:00.", [nameof(SweepEvery)]);
        if (!Smtp.Configured) yield break;
        if (Smtp.Port is < 1 or > 65535)
            yield return new ValidationResult("Notifications:Smtp:Port must be between 1 and 65535.", [nameof(Smtp)]);
        if (!MailAddress.TryCreate(Smtp.From, out _))
            yield return new ValidationResult("Notifications:Smtp:From must be an email address when Notifications:Smtp:Host is set.", [nameof(Smtp)]);
        if (!string.IsNullOrEmpty(Smtp.UserName) && string.IsNullOrEmpty(Smtp.Password))
            yield return new ValidationResult("Notifications:Smtp:Password is required with Notifications:Smtp:UserName.", [nameof(Smtp)]);
    }
}
