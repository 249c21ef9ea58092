using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Webhooks;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Tests.Roles;

/// <summary>
/// Every action a member can trigger today, by the service call its button (or endpoint) makes, with the permission it needs.
/// <see cref="Arrange"/> runs as the Owner before the attempt (e.g. a member to remove); <see cref="Act"/> runs as the role tried
/// and, where cheap, checks that an allowed attempt did its work.
/// </summary>
public sealed record RoleAction(string Name, Permission Needs, Func<RoleScene, TestIntegration, Task> Act, Func<RoleScene, Task>? Arrange = null)
{
    public override string ToString() => Name;
}

/// <summary>The shared stage of the role matrix: a <see cref="RoleWorkspace"/> with mapping data, a record, and a second integration to switch on and off.</summary>
public sealed class RoleScene(RoleWorkspace workspace, Guid switchable, Guid record, Guid rampConnection)
{
    public RoleWorkspace Workspace => workspace;
    public Guid Integration => workspace.IntegrationId;

    /// <summary>An integration without credentials or records: switching it on can start no work that outlives the test.</summary>
    public Guid Switchable => switchable;

    public Guid Record => record;
    public Guid RampConnection => rampConnection;

    /// <summary>Set by an action's arrange step: the member the attempt works on.</summary>
    public Guid SpareMember { get; set; }
}

public static class RoleActions
{
    public static readonly IReadOnlyList<RoleAction> All =
    [
        // Connections and setup (integration page, onboarding checklist)
        new("Create an integration (\"Set up connections\")", Permission.ManageIntegration, async (_, as_) =>
            (await as_.Get<ConnectionStore>().CreateIntegrationAsync(IntegrationKind.RampVisma, "Another")).Id.ShouldNotBe(Guid.Empty)),
        new("Save a connection (also \"Use sandbox credentials\")", Permission.ManageIntegration, async (_, as_) =>
            await as_.SaveSandboxCredentialsAsync(ExternalSystem.Ramp, secret: MlConnector.Sandbox.Ramp.RampSimulator.DefaultClientSecret)),
        new("Ping a connection", Permission.ManageIntegration, async (scene, as_) =>
            (await as_.Get<ConnectionPinger>().PingAsync(scene.RampConnection)).Report.Ok.ShouldBeTrue()),
        new("Trust an SFTP host key", Permission.ManageIntegration, async (scene, as_) =>
            await as_.Get<ConnectionStore>().ConfirmHostKeyAsync(scene.RampConnection, new HostKey("ssh-ed25519", Convert.ToBase64String(new byte[51])), "u")),
        new("Save posting settings", Permission.ManageIntegration, async (scene, as_) =>
            (await as_.Get<RampD365SettingsStore>().SaveAsync(scene.Integration, RampD365Settings.Sandbox)).ShouldBeEmpty()),

        // Sync panel
        new("Switch the sync on (then pause it again)", Permission.ManageIntegration, async (scene, as_) =>
        {
            var control = as_.Get<SyncControl>();
            await control.ActivateAsync(scene.Switchable);
            await control.PauseAsync(scene.Switchable, "role matrix");
        }),
        new("Pause the sync", Permission.ManageIntegration, async (scene, as_) => await as_.Get<SyncControl>().PauseAsync(scene.Switchable, "role matrix")),
        new("Set the poll cadence", Permission.ManageIntegration, async (scene, as_) => await as_.Get<SyncControl>().SetCadenceAsync(scene.Switchable, 60)),
        new("Check Ramp now (poll)", Permission.ManageIntegration, async (scene, as_) =>
        {
            var integration = (await as_.Get<ConnectionStore>().IntegrationAsync(scene.Integration))!.Value.Integration;
            (await as_.Get<SyncPolls>().PollAsync(integration, default)).Failures.ShouldBeEmpty();
        }),

        // Webhooks panel
        new("Subscribe to Ramp webhooks (then remove)", Permission.ManageIntegration, async (scene, as_) =>
        {
            var webhooks = as_.Get<RampWebhookSubscriptions>();
            (await webhooks.SubscribeAsync(scene.Integration, "u")).IsOk.ShouldBeTrue();
            (await webhooks.RemoveAsync(scene.Integration)).Value.ShouldBeTrue();
        }),
        new("Verify a webhook subscription", Permission.ManageIntegration, async (scene, as_) => await as_.Get<RampWebhookSubscriptions>().VerifyAsync(scene.Integration)),
        new("Refresh a webhook subscription's state", Permission.ManageIntegration, async (scene, as_) => await as_.Get<RampWebhookSubscriptions>().RefreshAsync(scene.Integration)),
        new("Remove a webhook subscription", Permission.ManageIntegration, async (scene, as_) => await as_.Get<RampWebhookSubscriptions>().RemoveAsync(scene.Integration)),

        // Reference data and the chart in Ramp
        new("Pull reference data", Permission.ManageIntegration, async (scene, as_) =>
            (await as_.Get<ReferenceDataService>().PullAsync(scene.Integration)).IsOk.ShouldBeTrue()),
        new("Push the chart to Ramp", Permission.ManageIntegration, async (scene, as_) =>
            (await as_.Get<RampChartPush>().PushAsync(scene.Integration)).Completed.ShouldBeTrue()),
        new("Link mapped vendors in Ramp", Permission.ManageIntegration, async (scene, as_) =>
            (await as_.Get<RampVendorLinks>().LinkMappedAsync(scene.Integration)).Failure.ShouldBeNull()),

        // Mappings page
        new("Refresh mapping suggestions", Permission.EditMappings, async (scene, as_) => await as_.Get<MappingRefresh>().RefreshAsync(scene.Integration)),
        new("Save a mapping (Change / Accept)", Permission.EditMappings, async (scene, as_) =>
            (await as_.Get<MappingService>().SetAsync(scene.Integration, MappingKind.GlAccount, "", [new("qb-5", "7203")], "matrix", MappingOrigin.Manual)).Ok.ShouldBeTrue()),
        new("Accept suggestions in bulk", Permission.EditMappings, async (scene, as_) =>
            (await as_.Get<MappingService>().AcceptSuggestionsAsync(scene.Integration, MappingKind.GlAccount, "", 100, "matrix")).Ok.ShouldBeTrue()),
        new("Import mappings from CSV", Permission.EditMappings, async (scene, as_) =>
            (await as_.Get<MappingCsv>().ImportAsync(scene.Integration, MappingKind.GlAccount, "", new StringReader("source_key,target_id\nqb-2,6101\n"), "matrix")).Ok.ShouldBeTrue()),
        new("Export mappings as CSV", Permission.View, async (scene, as_) =>
        {
            var text = new StringWriter();
            await as_.Get<MappingCsv>().ExportAsync(scene.Integration, MappingKind.GlAccount, "", text);
            text.ToString().ShouldContain("qb-1");
        }),

        // Records
        new("Replay a record", Permission.Replay, async (scene, as_) =>
            (await as_.Get<SyncReplay>().ReplayAsync([scene.Record], "role matrix", "matrix")).Queued.ShouldBe(1)),

        // Members page
        new("Add a member", Permission.ManageWorkspace, async (scene, as_) =>
        {
            var account = await RoleWorkspace.CreateAccountAsync(scene.Workspace.Host, SsrForms.Account(850), WorkspaceRole.Viewer);
            (await as_.Get<WorkspaceMembers>().AddAsync(account.Email, WorkspaceRole.Viewer)).ShouldBeNull();
        }),
        new("Change a member's role", Permission.ManageWorkspace, async (scene, as_) =>
            (await as_.Get<WorkspaceMembers>().ChangeRoleAsync(scene.SpareMember, WorkspaceRole.Support)).ShouldBeNull(), AddSpareAsync),
        new("Remove a member", Permission.ManageWorkspace, async (scene, as_) =>
            (await as_.Get<WorkspaceMembers>().RemoveAsync(scene.SpareMember)).ShouldBeNull(), AddSpareAsync),
    ];

    /// <summary>Every action tried as every role.</summary>
    public static TheoryData<string, WorkspaceRole> Matrix(IEnumerable<RoleAction> actions)
    {
        var data = new TheoryData<string, WorkspaceRole>();
        foreach (var action in actions)
            foreach (var role in RoleWorkspace.Roles)
                data.Add(action.Name, role);
        return data;
    }

    public static RoleAction Named(string name) => All.Single(a => a.Name == name);

    /// <summary>A Viewer added by the Owner, for the attempt to change or remove.</summary>
    private static async Task AddSpareAsync(RoleScene scene)
    {
        var account = await RoleWorkspace.CreateAccountAsync(scene.Workspace.Host, SsrForms.Account(860), WorkspaceRole.Viewer);
        using var owner = await scene.Workspace.EnterAsAsync(WorkspaceRole.Owner);
        (await owner.Get<WorkspaceMembers>().AddAsync(account.Email, WorkspaceRole.Viewer)).ShouldBeNull();
        scene.SpareMember = (await owner.Get<WorkspaceMembers>().ListAsync()).Single(m => m.Email == account.Email).Id;
    }
}
