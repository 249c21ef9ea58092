using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Webhooks;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Webhooks;

public sealed class WebhookSubscriptionTests
{
    [Fact]
    public async Task Subscribe_CompletesRampsHandshake_IsActiveInRamp_ThenRemoveDeletesItThere()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        var subscriptions = scenario.Owner.Get<RampWebhookSubscriptions>();

        var subscription = await WebhookKit.SubscribeAsync(scenario);

        subscription.VerifiedAt.ShouldNotBeNull();
        subscription.EndpointUrl.ShouldBe(new Uri(scenario.Host.BaseAddress, $"webhooks/ramp/{scenario.Integration}").ToString());
        // Only what the integration's flows handle: the test flow reads bills, the card flow transactions, no flow reimbursements.
        subscription.EventTypes.Split(' ').ShouldContain("bills.approved");
        subscription.EventTypes.Split(' ').ShouldContain("transactions.ready_to_sync");
        subscription.EventTypes.ShouldNotContain("reimbursements.");
        var secret = await WebhookKit.SecretAsync(scenario);
        secret.ShouldStartWith("whsec_");
        subscription.SecretCiphertext.ShouldNotContain(secret);
        using var ramp = await SandboxRampApi.CreateAsync(scenario.Host);
        var inRamp = JsonDocument.Parse(await ramp.GetStringAsync($"webhooks/{subscription.ExternalId}")).RootElement;
        inRamp.GetProperty("status").GetString().ShouldBe("active");
        inRamp.GetProperty("endpoint_url").GetString().ShouldBe(subscription.EndpointUrl);
        await using (var db = scenario.OpenDb())
            (await db.InboundEvents.SingleAsync(e => e.EventType == "webhooks.verification")).Outcome!.ShouldStartWith($"Used to verify Ramp webhook {subscription.ExternalId}.");
        (await subscriptions.StatusAsync(scenario.Integration)).Subscription!.Status.ShouldBe("active");
        (await subscriptions.RefreshAsync(scenario.Integration)).Value.ShouldBe("active");

        var again = await subscriptions.SubscribeAsync(scenario.Integration, "owner-user");
        again.Failure.ShouldNotBeNull().Kind.ShouldBe(FailureKind.Configuration);

        (await subscriptions.RemoveAsync(scenario.Integration)).Value.ShouldBeTrue();
        (await ramp.GetAsync($"webhooks/{subscription.ExternalId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await subscriptions.StatusAsync(scenario.Integration)).Subscription.ShouldBeNull();
        // Once removed nothing Ramp (or anyone) sends for it is accepted any more.
        var body = WebhookKit.Envelope("evt_after", "bills.approved", "bill_x");
        using var late = await WebhookKit.DeliverAsync(scenario.Host, scenario.Integration, body, ("X-Ramp-Signature", WebhookSignature.Sign(secret, body)));
        late.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task IntegrationPage_ShowsTheOwnerTheWebhooksPanel_WithTheEventsItsFlowsTake()
    {
        await using var host = await PortalHost.StartAsync(Db.Sqlite);
        using var client = host.CreateBrowserlikeClient();
        var workspace = await SsrForms.RegisterWorkspaceAsync(client, SsrForms.Account(82));
        using var owner = TestIntegration.Enter(host, workspace, Guid.Empty);
        var integration = await owner.Get<MlConnector.Web.Features.Connections.ConnectionStore>()
            .CreateIntegrationAsync(MlConnector.Web.Features.Integrations.IntegrationKind.RampD365, "Hooks");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"w/{workspace}/integrations/{integration.Id}"));

        page.ShouldContain("Ramp webhooks");
        page.ShouldContain("Not subscribed");
        page.ShouldContain($"webhooks/ramp/{integration.Id}");
        // What this kind of integration's flows take (off or on: switching one on later needs no new subscription).
        page.ShouldContain("bills.created, bills.approved, bills.rejected, bills.paid, bills.ready_to_sync, bills.updated, bills.archived");
        page.ShouldContain("transactions.ready_to_sync");
    }

    [Fact]
    public async Task Subscribe_AsFinance_IsRefused()
    {
        await using var scenario = await SyncScenario.StartAsync(Db.Sqlite);
        using var scope = scenario.Host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(scenario.Owner.WorkspaceId, WorkspaceRole.Finance);

        await Should.ThrowAsync<UnauthorizedAccessException>(() =>
            scope.ServiceProvider.GetRequiredService<RampWebhookSubscriptions>().SubscribeAsync(scenario.Integration, "finance-user"));
        using var ramp = await SandboxRampApi.CreateAsync(scenario.Host);
        (await ramp.GetStringAsync("webhooks")).ShouldBe("[]");
    }
}
