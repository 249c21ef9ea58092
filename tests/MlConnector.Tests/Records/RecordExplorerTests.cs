using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Records;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.Records;

/// <summary>The explorer's page and count queries on a real database: every filter, free text, paging and sorting.</summary>
public sealed class RecordExplorerTests
{
    private const string Cards = "ramp.card-transaction→d365.journal";

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task PageAsync_FiltersAndCountsByTheSameFilter_OnEveryField(Db database)
    {
        using var host = await PortalHost.StartAsync(database);
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        var records = Enumerable.Range(1, 60).Select(n => n switch
        {
            <= 10 => RecordSeed.Record(owner, n, SyncState.Failed, error: n <= 4 ? SyncErrorCategory.Transient : SyncErrorCategory.UserActionable),
            <= 15 => RecordSeed.Record(owner, n, SyncState.Blocked, error: SyncErrorCategory.MissingMapping),
            <= 20 => RecordSeed.Record(owner, n, SyncState.Posted, flow: Cards, summary: $"Card RC-{n} · Delta Air Lines · 412.80 USD", target: $"JRN-{n:000}"),
            _ => RecordSeed.Record(owner, n, SyncState.Confirmed, target: $"VINV-{n:00000}"),
        }).ToList();
        records.Add(RecordSeed.Record(owner, 61, SyncState.Failed, summary: "Bill INV-ACME-77 · Acme Supplies Ltd · 1,250.00 USD", error: SyncErrorCategory.UserActionable));
        await RecordSeed.AddAsync(host, owner, records);
        var explorer = owner.Get<RecordExplorer>();

        async Task<(int Count, IReadOnlyList<RecordRow> Rows)> Find(RecordFilter filter)
        {
            var page = await explorer.PageAsync(filter, 0, 100);
            return (page.Count, page.Rows);
        }

        (await Find(RecordFilter.All)).Count.ShouldBe(61);
        (await Find(new() { State = SyncState.Failed })).Rows.Select(r => r.SourceId).Order().ShouldBe(
            Enumerable.Range(1, 10).Select(n => $"bill-{n:00000}").Append("bill-00061"));
        (await Find(new() { State = SyncState.Failed, ErrorCategory = SyncErrorCategory.Transient })).Count.ShouldBe(4);
        (await Find(new() { ErrorCategory = SyncErrorCategory.MissingMapping })).Count.ShouldBe(5);
        (await Find(new() { Flow = Cards })).Rows.ShouldAllBe(r => r.Flow == Cards && r.State == SyncState.Posted);
        (await Find(new() { Flow = Cards })).Count.ShouldBe(5);
        (await Find(new() { IntegrationId = owner.Id })).Count.ShouldBe(61);
        (await Find(new() { IntegrationId = Guid.NewGuid() })).Count.ShouldBe(0);

        // Dates: records n were created at Start + n minutes and changed 30 s later; "to" is exclusive.
        var window = new RecordFilter { From = RecordSeed.Start.AddMinutes(10).AddSeconds(15), To = RecordSeed.Start.AddMinutes(20).AddSeconds(15) };
        (await Find(window with { DateField = RecordDateField.CreatedAt })).Rows.Select(r => r.SourceId).Order()
            .ShouldBe(Enumerable.Range(11, 10).Select(n => $"bill-{n:00000}"));
        (await Find(window)).Rows.Select(r => r.SourceId).Order().ShouldBe(Enumerable.Range(10, 10).Select(n => $"bill-{n:00000}"));

        // Free text: invoice number, vendor in any case, an amount as typed, source id, natural key, target document id.
        (await Find(new() { Text = "inv-acme-77" })).Rows.Single().SourceId.ShouldBe("bill-00061");
        (await Find(new() { Text = "ACME SUPPLIES" })).Rows.Single().SourceId.ShouldBe("bill-00061");
        (await Find(new() { Text = "1250" })).Rows.Select(r => r.SourceId).ShouldBe(["bill-00061"], ignoreOrder: true);
        (await Find(new() { Text = "1,250.00" })).Rows.Select(r => r.SourceId).ShouldBe(["bill-00061"]);
        (await Find(new() { Text = "412.8" })).Count.ShouldBe(5);
        (await Find(new() { Text = "delta air" })).Count.ShouldBe(5);
        (await Find(new() { Text = "bill-00042" })).Rows.Single().State.ShouldBe(SyncState.Confirmed);
        (await Find(new() { Text = "V0003/INV-00043" })).Rows.Single().SourceId.ShouldBe("bill-00043");
        (await Find(new() { Text = "vinv-00050" })).Rows.Single().TargetDocumentId.ShouldBe("VINV-00050");
        (await Find(new() { Text = "delta", State = SyncState.Failed })).Count.ShouldBe(0);
        // The user's text is text, not a pattern.
        (await Find(new() { Text = "%" })).Count.ShouldBe(0);
        (await Find(new() { Text = "inv_acme" })).Count.ShouldBe(0);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task PageAsync_PagesThroughEveryRecordOnce_InTheChosenOrder(Db database)
    {
        using var host = await PortalHost.StartAsync(database);
        using var owner = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        // Many records share one change time: pages must still neither repeat nor skip any.
        var same = RecordSeed.Start.AddDays(1);
        await RecordSeed.AddAsync(host, owner, Enumerable.Range(1, 57).Select(n => RecordSeed.Record(owner, n, n % 3 == 0 ? SyncState.Failed : SyncState.Posted,
            updated: n <= 30 ? same : null)));
        var explorer = owner.Get<RecordExplorer>();

        var seen = new List<RecordRow>();
        for (var skip = 0; skip < 57; skip += 10)
        {
            var page = await explorer.PageAsync(RecordFilter.All, skip, 10);
            page.Count.ShouldBe(57);
            page.Rows.Count.ShouldBe(Math.Min(10, 57 - skip));
            seen.AddRange(page.Rows);
        }
        seen.Select(r => r.Id).Distinct().Count().ShouldBe(57);
        seen.Select(r => r.UpdatedAt).ShouldBeInOrder(SortDirection.Descending);

        var oldestFirst = await explorer.PageAsync(RecordFilter.All, 0, 5, RecordSort.CreatedAt, descending: false);
        oldestFirst.Rows.Select(r => r.SourceId).ShouldBe(["bill-00001", "bill-00002", "bill-00003", "bill-00004", "bill-00005"]);
        var late = await explorer.PageAsync(new RecordFilter { State = SyncState.Failed }, 15, 10, RecordSort.CreatedAt, descending: false);
        (late.Count, late.Rows.Count).ShouldBe((19, 4));
        late.Rows[^1].SourceId.ShouldBe("bill-00057");
    }

    [Fact]
    public void Terms_ReadAnAmountTheWaySummariesWriteIt()
    {
        RecordFilters.Terms(" 1250 ").ShouldBe(("1250", "1,250"));
        RecordFilters.Terms("1250.5").ShouldBe(("1250.5", "1,250.5"));
        RecordFilters.Terms("1,250.00").ShouldBe(("1,250.00", null));
        RecordFilters.Terms("INV-1001").ShouldBe(("inv-1001", null));
        RecordFilters.Terms("412").ShouldBe(("412", null));
    }
}
