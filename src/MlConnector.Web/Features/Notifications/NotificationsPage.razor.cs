using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace MlConnector.Web.Features.Notifications;

/// <summary>The workspace's notification settings (owners and admins) and its recent alert episodes.</summary>
public sealed partial class NotificationsPage
{
    [Inject] public required NotificationSettingsService Settings { get; init; }
    [Inject] public required NotificationHistory History { get; init; }
    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    private NotificationSettingsView? view;
    private NotificationChannel channel;
    private string emailTo = "";
    private string webhookUrl = "";
    private string newSecret = "";
    private bool replaceSecret;
    private bool removeSecret;
    private int threshold = NotificationSettings.DefaultFailureThreshold;
    private IReadOnlyList<string> problems = [];
    private bool saved;
    private bool testing;
    private SendResult? testResult;
    private IReadOnlyList<EpisodeRow> episodes = [];

    protected override async Task OnWorkspaceEnteredAsync()
    {
        if (!Settings.CanManage) return;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        view = await Settings.GetAsync();
        (channel, emailTo, webhookUrl, threshold) = (view.Channel, view.EmailTo, view.WebhookUrl, view.FailureThreshold);
        (newSecret, replaceSecret, removeSecret) = ("", false, false);
        episodes = await History.RecentAsync(10);
    }

    private void RemoveSecret()
    {
        removeSecret = true;
        replaceSecret = true;
    }

    private async Task SaveAsync()
    {
        var user = (await Authentication).User.Identity?.Name ?? UserId;
        problems = await Settings.SaveAsync(new NotificationSettingsEdit(channel, emailTo, webhookUrl, newSecret, removeSecret && string.IsNullOrWhiteSpace(newSecret), threshold), user);
        saved = problems.Count == 0;
        testResult = null;
        if (saved) await LoadAsync();
    }

    private async Task TestAsync()
    {
        testing = true;
        try
        {
            testResult = await Settings.SendTestAsync();
        }
        finally
        {
            testing = false;
        }
    }
}
