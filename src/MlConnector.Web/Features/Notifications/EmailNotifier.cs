using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace MlConnector.Web.Features.Notifications;

/// <summary>
/// Sends a notice by email through the operator's SMTP server. System.Net.Mail's SmtpClient is enough for plain-text
/// messages to a relay (no extra package); the server is the operator's setting, so it is not an outbound-guarded host.
/// </summary>
public sealed class EmailNotifier(IOptions<NotificationOptions> options)
{
    public bool Available => options.Value.Smtp.Configured;

    public async Task<SendResult> SendAsync(Notice notice, IReadOnlyList<string> recipients, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.Configured) return SendResult.Failed("This server has no SMTP settings (Notifications:Smtp:Host), so it cannot send email.");
        if (recipients.Count == 0) return SendResult.Failed("No recipients are set.");
        using var message = new MailMessage { From = new MailAddress(smtp.From!), Subject = notice.Subject, Body = Body(notice), IsBodyHtml = false };
        foreach (var to in recipients) message.To.Add(to);
        message.Headers.Add("X-MlConnector-Notice", notice.Id);
        using var client = new SmtpClient(smtp.Host!, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = 20_000,
            Credentials = string.IsNullOrEmpty(smtp.UserName) ? null : new NetworkCredential(smtp.UserName, smtp.Password),
        };
        try
        {
            await client.SendMailAsync(message, ct);
            return SendResult.Delivered;
        }
        catch (SmtpException error)
        {
            return SendResult.Failed($"The SMTP server {smtp.Host}:{smtp.Port} refused the message: {error.Message}");
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return SendResult.Failed($"Could not reach the SMTP server {smtp.Host}:{smtp.Port}: {error.Message}");
        }
    }

    private static string Body(Notice notice) =>
        $"""
        {notice.Text}

        Workspace: {notice.WorkspaceName}
        {(notice.IntegrationName is { } name ? $"Integration: {name}\n" : "")}Since: {notice.At:yyyy-MM-dd HH:mm} UTC
        {(notice.Link is { } link ? $"\nOpen the dashboard: {link}\n" : "")}
        You receive this because the workspace's notification settings name this address. ml-connector sends one message
        per episode: the next one comes when the integration pauses again or failures cross the threshold again.
        """;
}
