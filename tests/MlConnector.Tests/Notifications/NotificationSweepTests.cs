using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Notifications;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Integrations.Common;
using static MlConnector.Tests.Notifications.NotificationKit;

namespace MlConnector.Tests.Notifications;

/// <summary>The sweep tells a workspace once per episode, by email to a real SMTP exchange or by a signed webhook to a real endpoint.</summary>
public sealed class NotificationSweepTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task AnIntegrationThatPausesItself_IsEmailedOncePerEpisode_AndAPersonsPauseIsNot(Db database)
    {
        await using var sink = new SmtpSink();
        using var host = await PortalHost.StartAsync(database, Quiet(Smtp(sink)));
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365, ExternalSystem.Ramp, ExternalSystem.Dynamics365);
        (await owner.Get<NotificationSettingsService>().SaveAsync(
            new(NotificationChannel.Email, "owner@example.com; ops@example.com", null, null, false, 10), "owner@example.com")).ShouldBeEmpty();
        var sweep = host.Services.GetRequiredService<NotificationSweep>();
        (await sweep.RunAsync(default)).ShouldBe(0);

        // Ramp stops accepting the saved credentials: the next poll pauses the integration by itself.
        await owner.SaveSandboxCredentialsAsync(ExternalSystem.Ramp, secret: "no-longer-the-secret");
        await owner.Get<SyncControl>().ActivateAsync(owner.Id);
        await PollAsync(owner);
        var paused = await IntegrationAsync(owner);
        (paused.Status, paused.PausedBy).ShouldBe((IntegrationStatus.Paused, null));

        (await sweep.RunAsync(default)).ShouldBe(1);
        (await sweep.RunAsync(default)).ShouldBe(0);
        (await sweep.RunAsync(default)).ShouldBe(0);
        var mail = sink.Messages.ShouldHaveSingleItem();
        mail.From.ShouldBe("alerts@ml-connector.test");
        mail.To.ShouldBe(["owner@example.com", "ops@example.com"]);
        mail.Subject.ShouldBe("[ml-connector] RampD365 test paused itself");
        mail.Data.ShouldContain(paused.PausedReason![..20]);

        // Resumed, then paused by the engine again: a new episode, a second message.
        await owner.Get<SyncControl>().ActivateAsync(owner.Id);
        (await sweep.RunAsync(default)).ShouldBe(0);
        await PollAsync(owner);
        (await sweep.RunAsync(default)).ShouldBe(1);
        sink.Messages.Count.ShouldBe(2);

        // A person's pause is no alarm.
        await owner.Get<SyncControl>().ActivateAsync(owner.Id);
        (await sweep.RunAsync(default)).ShouldBe(0);
        await owner.Get<SyncControl>().PauseAsync(owner.Id, "Month-end freeze");
        (await sweep.RunAsync(default)).ShouldBe(0);
        sink.Messages.Count.ShouldBe(2);
        await using var db = host.OpenDb(owner.WorkspaceId);
        var episodes = await db.NotificationEpisodes.OrderBy(e => e.Id).ToListAsync();
        episodes.Select(e => (e.Kind, e.SentVia, e.Attempts, Ended: e.EndedAt is not null))
            .ShouldBe([(EpisodeKind.Paused, NotificationChannel.Email, 1, true), (EpisodeKind.Paused, NotificationChannel.Email, 1, true)]);
    }

    [Fact]
    public async Task AnSmtpServerThatRefuses_IsTriedAgainOnTheNextSweep_AndTheMessageGoesOutOnce()
    {
        await using var sink = new SmtpSink { Refuse = true };
        using var host = await PortalHost.StartAsync(Db.Sqlite, Quiet(Smtp(sink)));
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        (await owner.Get<NotificationSettingsService>().SaveAsync(new(NotificationChannel.Email, "owner@example.com", null, null, false, 2), "owner")).ShouldBeEmpty();
        await FailRecordsAsync(owner, 3);
        var sweep = host.Services.GetRequiredService<NotificationSweep>();

        (await sweep.RunAsync(default)).ShouldBe(0);
        await using (var db = host.OpenDb(owner.WorkspaceId))
        {
            var episode = await db.NotificationEpisodes.SingleAsync();
            (episode.Kind, episode.Attempts, episode.SentAt).ShouldBe((EpisodeKind.Failures, 1, null));
            episode.LastError.ShouldNotBeNull().ShouldContain("refused the message");
        }
        sink.Refuse = false;
        (await sweep.RunAsync(default)).ShouldBe(1);
        (await sweep.RunAsync(default)).ShouldBe(0);
        sink.Messages.ShouldHaveSingleItem().Subject.ShouldBe("[ml-connector] RampD365 test: failures over the threshold");
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task FailuresOverTheThreshold_ArePostedOnceToTheWebhook_Signed(Db database)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The receiver stands for the customer's public endpoint: the guard lets exactly its loopback port through.
        using var host = await PortalHost.StartAsync(database, Quiet(), services =>
            services.Replace(ServiceDescriptor.Singleton<ISandboxEndpoint>(new LoopbackPortSandbox(receiver.Port))));
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        (await owner.Get<NotificationSettingsService>().SaveAsync(
            new(NotificationChannel.Webhook, null, receiver.Url.ToString(), "shared-secret-42", false, 3), "owner")).ShouldBeEmpty();
        var sweep = host.Services.GetRequiredService<NotificationSweep>();

        await FailRecordsAsync(owner, 3);
        (await sweep.RunAsync(default)).ShouldBe(0); // 3 is not more than 3
        await FailRecordsAsync(owner, 2, "worse");
        (await sweep.RunAsync(default)).ShouldBe(1);
        await FailRecordsAsync(owner, 4, "still");
        (await sweep.RunAsync(default)).ShouldBe(0); // the same episode goes on

        var hook = receiver.Received.ShouldHaveSingleItem();
        hook.Headers["Content-Type"].ShouldStartWith("application/json");
        hook.Headers["X-MlConnector-Event"].ShouldBe("integration.failures");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("shared-secret-42"), hook.Body));
        hook.Headers[WebhookNotifier.SignatureHeader].ShouldBe(expected);
        using var json = JsonDocument.Parse(hook.Body);
        json.RootElement.GetProperty("type").GetString().ShouldBe("integration.failures");
        json.RootElement.GetProperty("failedLastHour").GetInt32().ShouldBe(5);
        json.RootElement.GetProperty("threshold").GetInt32().ShouldBe(3);
        json.RootElement.GetProperty("integration").GetProperty("id").GetGuid().ShouldBe(owner.Id);
        json.RootElement.GetProperty("workspace").GetProperty("id").GetGuid().ShouldBe(owner.WorkspaceId);

        // A test from the settings page goes the same way.
        (await owner.Get<NotificationSettingsService>().SendTestAsync()).Ok.ShouldBeTrue();
        receiver.Received.Count.ShouldBe(2);
        receiver.Received.Last().Headers["X-MlConnector-Event"].ShouldBe("test");
    }

    [Fact]
    public async Task AWebhookToAPrivateAddress_IsRefusedByTheOutboundGuard()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Sandbox mode as in development: only the portal's own ports are let through, not the receiver's.
        using var host = await PortalHost.StartAsync(Db.Sqlite, Quiet());
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        (await owner.Get<NotificationSettingsService>().SaveAsync(new(NotificationChannel.Webhook, null, receiver.Url.ToString(), null, false, 3), "owner")).ShouldBeEmpty();

        var result = await owner.Get<NotificationSettingsService>().SendTestAsync();

        result.Ok.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldContain("private or internal address");
        receiver.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Settings_AreValidated_AndTheSecretIsStoredEncrypted()
    {
        using var host = await PortalHost.StartAsync(Db.Sqlite, Quiet());
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        var settings = owner.Get<NotificationSettingsService>();

        (await settings.SaveAsync(new(NotificationChannel.Email, "owner@example.com", null, null, false, 10), "o"))
            .ShouldBe(["This server has no SMTP settings, so it cannot send email; ask the operator, or use a webhook."]);
        (await settings.SaveAsync(new(NotificationChannel.Webhook, null, "http://hooks.example.com/x", null, false, 0), "o")).Count.ShouldBe(2);
        (await settings.SaveAsync(new(NotificationChannel.Webhook, null, "https://hooks.example.com/x", "s3cret-value", false, 25), "o")).ShouldBeEmpty();

        var view = await settings.GetAsync();
        (view.Channel, view.WebhookUrl, view.SecretSet, view.FailureThreshold).ShouldBe((NotificationChannel.Webhook, "https://hooks.example.com/x", true, 25));
        await using var db = host.OpenDb(owner.WorkspaceId);
        (await db.NotificationSettings.SingleAsync()).WebhookSecretCiphertext.ShouldNotBeNull().ShouldNotContain("s3cret-value");
    }
}
