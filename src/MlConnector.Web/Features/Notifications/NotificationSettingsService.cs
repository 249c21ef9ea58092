using System.Net;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Webhooks;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Notifications;

/// <summary>What the settings form shows: never the webhook secret, only whether one is set.</summary>
public sealed record NotificationSettingsView(NotificationChannel Channel, string EmailTo, string WebhookUrl, bool SecretSet, int FailureThreshold,
    DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <param name="NewSecret">A new signing secret; blank keeps the one set.</param>
/// <param name="RemoveSecret">Send unsigned from now on.</param>
public sealed record NotificationSettingsEdit(NotificationChannel Channel, string? EmailTo, string? WebhookUrl, string? NewSecret, bool RemoveSecret, int FailureThreshold);

/// <summary>The current workspace's notification settings. Reading and changing them needs <see cref="Permission.ManageWorkspace"/>.</summary>
public sealed class NotificationSettingsService(
    IDbContextFactory<AppDbContext> dbFactory, CurrentWorkspace current, WebhookSecrets secrets, NotificationSender sender, EmailNotifier email, TimeProvider clock)
{
    public bool CanManage => current.Can(Permission.ManageWorkspace);

    public bool EmailAvailable => email.Available;

    public async Task<NotificationSettingsView> GetAsync(CancellationToken ct = default)
    {
        Guard();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        return row is null
            ? new NotificationSettingsView(NotificationChannel.None, "", "", false, NotificationSettings.DefaultFailureThreshold, null, null)
            : new NotificationSettingsView(row.Channel, row.EmailTo ?? "", row.WebhookUrl ?? "", row.WebhookSecretCiphertext is not null, row.FailureThreshold, row.UpdatedAt, row.UpdatedBy);
    }

    /// <summary>Saves the settings, or returns every problem with them (nothing saved).</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(NotificationSettingsEdit edit, string userName, CancellationToken ct = default)
    {
        Guard();
        var recipients = Recipients(edit.EmailTo);
        var problems = new List<string>();
        if (edit.FailureThreshold is < 1 or > 100_000) problems.Add("The failure threshold must be between 1 and 100,000 failures an hour.");
        if (edit.Channel == NotificationChannel.Email)
        {
            if (!email.Available) problems.Add("This server has no SMTP settings, so it cannot send email; ask the operator, or use a webhook.");
            if (recipients.Count == 0) problems.Add("Enter at least one email address.");
            if (recipients.Count > 20) problems.Add("Enter at most 20 email addresses.");
            problems.AddRange(recipients.Where(r => !MailAddress.TryCreate(r, out _)).Select(r => $"'{r}' is not an email address."));
        }
        Uri? url = null;
        if (edit.Channel == NotificationChannel.Webhook && !TryWebhookUrl(edit.WebhookUrl, out url))
            problems.Add("Enter the webhook URL as https://… (plain http only to this machine's loopback address, for trials).");
        if (problems.Count > 0) return problems;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NotificationSettings.SingleOrDefaultAsync(ct);
        if (row is null) db.NotificationSettings.Add(row = new NotificationSettings { WorkspaceId = current.Id!.Value });
        row.Channel = edit.Channel;
        row.EmailTo = recipients.Count > 0 ? string.Join(", ", recipients) : null;
        row.WebhookUrl = url?.AbsoluteUri ?? (string.IsNullOrWhiteSpace(edit.WebhookUrl) ? null : edit.WebhookUrl.Trim());
        if (edit.RemoveSecret) row.WebhookSecretCiphertext = null;
        else if (!string.IsNullOrWhiteSpace(edit.NewSecret)) row.WebhookSecretCiphertext = secrets.Protect(row.WorkspaceId, edit.NewSecret.Trim());
        row.FailureThreshold = edit.FailureThreshold;
        (row.UpdatedAt, row.UpdatedBy) = (clock.GetUtcNow(), userName);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Sends a test notice through the saved channel, so the owner sees it arrive (or why it did not).</summary>
    public async Task<SendResult> SendTestAsync(CancellationToken ct = default)
    {
        Guard();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        if (row is null || row.Channel == NotificationChannel.None) return SendResult.Failed("Choose email or a webhook and save first.");
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(ct);
        var notice = new Notice($"test-{Guid.NewGuid():N}", "test", workspace.Id, workspace.Name, null, null,
            $"[ml-connector] Test notification for {workspace.Name}", "This is a test: notifications from ml-connector reach you here.", clock.GetUtcNow());
        return await sender.SendAsync(row, notice, ct);
    }

    public static IReadOnlyList<string> Recipients(string? text) =>
        (text ?? "").Split([',', ';', '\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>https anywhere; http only to a loopback address (a trial's local receiver, which the outbound guard still has to allow).</summary>
    public static bool TryWebhookUrl(string? text, out Uri? url)
    {
        url = null;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.UserInfo)) return false;
        var loopback = parsed.IsLoopback || (IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (parsed.Scheme != Uri.UriSchemeHttps && !(parsed.Scheme == Uri.UriSchemeHttp && loopback)) return false;
        url = parsed;
        return true;
    }

    private void Guard()
    {
        current.Demand(Permission.ManageWorkspace, "see or change the workspace's notification settings");
    }
}
