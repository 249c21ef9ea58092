using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Sync;

/// <summary>
/// A portal with the <see cref="LedgerProbeFlow"/> registered (or, with <c>billFlow</c>, the production
/// <see cref="RampBillFlow"/> instead: both take in the same bills), background workers off (tests drive the engine),
/// and a Ramp → D365 integration on the sandbox: both sides pulled, confident vendor suggestions accepted, switched on.
/// </summary>
public sealed class SyncScenario : IAsyncDisposable
{
    private SyncScenario(PortalHost host, TestIntegration owner, string flow) => (Host, Owner, Flow) = (host, owner, flow);

    /// <summary>The flow whose records the helpers read and take in.</summary>
    public string Flow { get; }

    public PortalHost Host { get; }

    public TestIntegration Owner { get; }

    public Guid Integration => Owner.Id;

    public RampSimulator Ramp => (RampSimulator)Host.Services.GetRequiredService<SandboxRegistry>()["ramp"];

    public D365Simulator D365 => (D365Simulator)Host.Services.GetRequiredService<SandboxRegistry>()["d365"];

    public SyncEngine Engine => Host.Services.GetRequiredService<SyncEngine>();

    /// <summary>The product's own Ramp → D365 flows all off (the sandbox's journals and accounts set): engine tests see only the probe flow.</summary>
    public static readonly RampD365Settings FlowsOff = RampD365Settings.Sandbox with { BillsOn = false, BillPaymentsOn = false, CardTransactionsOn = false };

    /// <param name="settings">Overrides (e.g. <c>Sync:RunWorkers=true</c>); by default tests drive the engine themselves.</param>
    /// <param name="posting">The integration's posting settings; by default the product's flows are off (but for the bill flow with <paramref name="billFlow"/>).</param>
    /// <param name="billFlow">Run the production bill flow instead of the probe.</param>
    public static async Task<SyncScenario> StartAsync(Db database, IDictionary<string, string?>? settings = null, PortalHost? shareDatabaseWith = null,
        RampD365Settings? posting = null, bool billFlow = false)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Sync:RunWorkers"] = "false",
            ["Sync:RetryBaseDelay"] = "00:00:01",
            ["Sync:LeaseDuration"] = "00:00:30",
            // The scheduled round stays out of the way; tests run it when they mean to.
            ["Sync:ScheduleEvery"] = "01:00:00",
        };
        foreach (var (key, value) in shareDatabaseWith?.DatabaseSettings ?? new Dictionary<string, string?>()) overrides[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) overrides[key] = value;
        var host = await PortalHost.StartAsync(database, overrides, services =>
        {
            if (!billFlow) services.AddSingleton<ISyncFlow, LedgerProbeFlow>();
            // Short waits so retries and timeouts take moments, not minutes.
            services.AddSingleton(new ResilienceOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(20), MaxRetryAfter = TimeSpan.FromSeconds(3), AttemptTimeout = TimeSpan.FromSeconds(2) });
        });
        var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365, ExternalSystem.Ramp, ExternalSystem.Dynamics365);
        // Written as is, not through the settings store: a test may want settings the portal would refuse to save.
        {
            await using var db = host.OpenDb(owner.WorkspaceId);
            (await db.Integrations.SingleAsync(i => i.Id == owner.Id)).SettingsJson = (posting ?? (billFlow ? FlowsOff with { BillsOn = true } : FlowsOff)).ToJson();
            await db.SaveChangesAsync();
        }
        var pulled = await owner.Get<ReferenceDataService>().PullAsync(owner.Id);
        pulled.IsOk.ShouldBeTrue(string.Join("; ", pulled.Failures.Select(f => f.Failure.Message)));
        await owner.Get<MappingService>().AcceptSuggestionsAsync(owner.Id, MappingKind.Vendor, "", 90, "test");
        await owner.Get<SyncControl>().ActivateAsync(owner.Id);
        return new SyncScenario(host, owner, billFlow ? RampBillFlow.FlowName : LedgerProbeFlow.FlowName);
    }

    public AppDbContext OpenDb() => Host.OpenDb(Owner.WorkspaceId);

    /// <summary>
    /// Pushes the D365 chart into Ramp (GL accounts, Department and CostCenter fields), pulls Ramp again, and accepts the
    /// confident GL account and dimension suggestions, so the bills' coding maps.
    /// </summary>
    public async Task MapCodingAsync()
    {
        var pushed = await Owner.Get<MlConnector.Web.Features.RampChart.RampChartPush>().PushAsync(Integration);
        pushed.Completed.ShouldBeTrue(pushed.Failure?.Message);
        var pulled = await Owner.Get<ReferenceDataService>().PullAsync(Integration);
        pulled.IsOk.ShouldBeTrue(string.Join("; ", pulled.Failures.Select(f => f.Failure.Message)));
        var mappings = Owner.Get<MappingService>();
        await mappings.AcceptSuggestionsAsync(Integration, MappingKind.GlAccount, "", 90, "test");
        foreach (var group in new[] { SandboxCompany.Department, SandboxCompany.CostCenter })
            await mappings.AcceptSuggestionsAsync(Integration, MappingKind.Dimension, group, 90, "test");
    }

    /// <summary>
    /// Bills of Ramp's primary entity (the one an integration posts by default) ready to sync, whose vendor is mapped (they
    /// post), and those whose vendor is not (they block).
    /// </summary>
    public async Task<(IReadOnlyList<JsonElement> Mapped, IReadOnlyList<JsonElement> Unmapped)> ReadyBillsAsync()
    {
        using var ramp = await SandboxRampApi.CreateAsync(Host);
        var bills = new List<JsonElement>();
        var primary = (await ramp.GetFromJsonAsync<JsonElement>("entities")).GetProperty("data").EnumerateArray()
            .Single(e => e.GetProperty("is_primary").GetBoolean()).GetProperty("id").GetString();
        for (string? next = $"bills?sync_ready=true&entity_id={primary}&page_size=100"; next is not null;)
        {
            var page = await ramp.GetFromJsonAsync<JsonElement>(next);
            bills.AddRange(page.GetProperty("data").EnumerateArray().Select(b => b.Clone()));
            next = page.GetProperty("page").GetProperty("next").GetString() is { } link ? new Uri(link).PathAndQuery.Split("/developer/v1/")[1] : null;
        }
        var snapshot = await Owner.Get<MappingHistory>().SnapshotAsync(Integration);
        bool Mapped(JsonElement b) => snapshot.TargetOf(MappingKind.Vendor, "", b.GetProperty("vendor").GetProperty("id").GetString()!) is not null;
        return (bills.Where(Mapped).ToList(), bills.Where(b => !Mapped(b)).ToList());
    }

    public Task<IntakeResult> TakeInAsync(IntakeVia via, params string[] billIds) =>
        Owner.Get<SyncIntake>().AcceptAsync(Integration, billIds.Select(id => new IntakeItem(Flow, id)).ToList(), via, "test");

    public async Task<SyncRecord> RecordAsync(string billId)
    {
        await using var db = OpenDb();
        return await db.SyncRecords.AsNoTracking().SingleAsync(r => r.Flow == Flow && r.SourceId == billId);
    }

    public async Task<IReadOnlyList<AuditEvent>> TrailAsync(Guid recordId)
    {
        await using var db = OpenDb();
        return await db.AuditEvents.AsNoTracking().Where(a => a.RecordId == recordId).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>The pending invoice headers D365 holds with this invoice number, read over OData as any client would.</summary>
    public async Task<IReadOnlyList<string>> HeadersInD365Async(string invoiceNumber)
    {
        var store = Owner.Get<ConnectionStore>();
        var view = (await store.IntegrationAsync(Integration))!.Value.Connections.Single(c => c.System == ExternalSystem.Dynamics365);
        var credentials = (await store.CredentialsAsync(view.Id))!.ToD365()!;
        var filter = Uri.EscapeDataString($"InvoiceNumber eq '{invoiceNumber}'");
        var rows = await Owner.Get<MlConnector.Web.Integrations.D365.D365Client>().ReadAllAsync(credentials, $"VendorInvoiceHeaders?cross-company=true&$filter={filter}", CancellationToken.None);
        rows.IsOk.ShouldBeTrue(rows.Failure?.Message);
        return rows.Value!.Select(r => r.GetProperty("HeaderReference").GetString()!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Owner.Dispose();
        await Host.DisposeAsync();
    }
}
