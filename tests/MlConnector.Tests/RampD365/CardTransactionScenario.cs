using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Sandbox.Seed;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Tests.RampD365;

/// <summary>
/// A Ramp → D365 integration on the sandbox set up for card spend: the journal settings, the ERP chart pushed to Ramp
/// and pulled back, and every confident GL account and dimension suggestion accepted, so the seeded transactions map.
/// </summary>
public sealed class CardTransactionScenario(SyncScenario scenario) : IAsyncDisposable
{
    public SyncScenario Sync => scenario;

    public static async Task<CardTransactionScenario> StartAsync(RampD365Settings? settings = null, Db database = Db.Sqlite)
    {
        var scenario = await SyncScenario.StartAsync(database, posting: (settings ?? RampD365Settings.Sandbox) with { BillsOn = false, BillPaymentsOn = false });
        var owner = scenario.Owner;
        (await owner.Get<RampChartPush>().PushAsync(scenario.Integration)).Failure.ShouldBeNull();
        var pulled = await owner.Get<ReferenceDataService>().PullAsync(scenario.Integration);
        pulled.IsOk.ShouldBeTrue(string.Join("; ", pulled.Failures.Select(f => f.Failure.Message)));
        var mappings = owner.Get<MappingService>();
        foreach (var (kind, group) in new[] { (MappingKind.GlAccount, ""), (MappingKind.Dimension, SandboxCompany.Department), (MappingKind.Dimension, SandboxCompany.CostCenter) })
            (await mappings.AcceptSuggestionsAsync(scenario.Integration, kind, group, 90, "test")).Changed.ShouldBeGreaterThan(0, $"{kind} {group}");
        return new CardTransactionScenario(scenario);
    }

    /// <summary>Seeded transactions of the primary company (the D365 connection's legal entity) in <paramref name="state"/>.</summary>
    public IEnumerable<CardTransaction> Transactions(CardState state = CardState.Cleared, int splits = 1) =>
        scenario.Ramp.Company.Transactions.Where(t => t.LegalEntityId == "hpus" && t.State == state && t.Lines.Count == splits);

    public Task TakeInAsync(params string[] ids) =>
        scenario.Owner.Get<SyncIntake>().AcceptAsync(scenario.Integration, ids.Select(id => new IntakeItem(RampCardTransactionFlow.FlowName, id)).ToList(), IntakeVia.Poll, "test");

    public async Task<SyncRecord> RecordAsync(string id)
    {
        await using var db = scenario.OpenDb();
        return await db.SyncRecords.AsNoTracking().SingleAsync(r => r.Flow == RampCardTransactionFlow.FlowName && r.SourceId == id);
    }

    public async Task<RampReportOutcome> ReportAsync()
    {
        Web.Features.Integrations.Integration integration;
        await using (var db = scenario.OpenDb()) integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == scenario.Integration);
        return await scenario.Owner.Get<RampSyncReporter>().ReportAsync(integration, default);
    }

    /// <summary>What the Ramp simulator recorded for the transaction: its sync status, reference id and export error.</summary>
    public (string Sync, string? ReferenceId, string? Error) InRamp(string id)
    {
        var state = scenario.Ramp.State;
        lock (state.Gate)
        {
            var t = state.Transactions[id];
            return (t.Sync.ToString(), t.ReferenceId, t.LastSyncError);
        }
    }

    /// <summary>Rows of a D365 entity set read over OData as any client would (cross-company), filtered.</summary>
    public async Task<IReadOnlyList<JsonElement>> D365RowsAsync(string entitySet, string? filter = null)
    {
        var store = scenario.Owner.Get<ConnectionStore>();
        var view = (await store.IntegrationAsync(scenario.Integration))!.Value.Connections.Single(c => c.System == ExternalSystem.Dynamics365);
        var credentials = (await store.CredentialsAsync(view.Id))!.ToD365()!;
        var query = $"{entitySet}?cross-company=true" + (filter is null ? "" : $"&$filter={Uri.EscapeDataString(filter)}");
        var rows = await scenario.Owner.Get<D365Client>().ReadAllAsync(credentials, query, CancellationToken.None);
        rows.IsOk.ShouldBeTrue(rows.Failure?.Message);
        return rows.Value!;
    }

    public Task<IReadOnlyList<JsonElement>> LinesOfAsync(string transactionId) =>
        D365RowsAsync("LedgerJournalLines", $"Document eq '{CardJournalEntry.DocumentOf(transactionId)}'");

    public Task<IReadOnlyList<JsonElement>> CardJournalsAsync() => D365RowsAsync("LedgerJournalHeaders", "JournalName eq 'CardSpend'");

    public ValueTask DisposeAsync() => scenario.DisposeAsync();
}
