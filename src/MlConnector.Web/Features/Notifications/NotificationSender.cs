using MlConnector.Web.Features.Webhooks;

namespace MlConnector.Web.Features.Notifications;

/// <summary>Sends a notice through the channel a workspace chose.</summary>
public sealed class NotificationSender(EmailNotifier email, WebhookNotifier webhook, WebhookSecrets secrets)
{
    public Task<SendResult> SendAsync(NotificationSettings settings, Notice notice, CancellationToken ct) => settings.Channel switch
    {
        NotificationChannel.Email => email.SendAsync(notice, NotificationSettingsService.Recipients(settings.EmailTo), ct),
        NotificationChannel.Webhook when NotificationSettingsService.TryWebhookUrl(settings.WebhookUrl, out var url) =>
            webhook.SendAsync(notice, url!, settings.WebhookSecretCiphertext is { } secret ? secrets.Unprotect(settings.WorkspaceId, secret) : null, ct),
        NotificationChannel.Webhook => Task.FromResult(SendResult.Failed("The webhook URL is missing or not allowed.")),
        _ => Task.FromResult(SendResult.Failed("Notifications are off.")),
    };
}
