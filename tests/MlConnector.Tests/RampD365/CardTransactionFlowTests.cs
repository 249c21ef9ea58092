using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Sandbox.Seed;
using System.Net.Http.Json;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Webhooks;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Tests.RampD365;

/// <summary>Card transactions end to end: the Ramp simulator as source, the D365 simulator as target (real HTTP), a real database.</summary>
public sealed class CardTransactionFlowTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ClearedTransactions_PostIntoTheDaysJournal_BalancedPerVoucher_AndAreMarkedSyncedWithTheJournalNumber_UntilFinancePostsIt(Db database)
    {
        await using var scenario = await CardTransactionScenario.StartAsync(database: database);
        var singles = scenario.Transactions().Take(2).ToList();
        var split = scenario.Transactions(splits: 2).First();
        var all = singles.Append(split).ToList();
        await scenario.TakeInAsync(all.Select(t => t.Id).ToArray());
        (await scenario.Sync.Engine.DrainAsync(default)).ShouldBe(3);

        var journals = await scenario.CardJournalsAsync();
        var journal = journals.ShouldHaveSingleItem();
        var number = journal.GetProperty("JournalBatchNumber").GetString()!;
        journal.GetProperty("Description").GetString()!.ShouldStartWith("Ramp card spend ");
        foreach (var t in all)
        {
            var record = await scenario.RecordAsync(t.Id);
            record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
            record.TargetDocumentId.ShouldBe(number);
            var lines = await scenario.LinesOfAsync(t.Id);
            lines.ShouldAllBe(l => l.GetProperty("JournalBatchNumber").GetString() == number);
            // One debit per split, coded as in Ramp, in major units; one credit of the total to the card liability account.
            var debits = lines.Where(l => Dec(l, "DebitAmount") > 0)
                .Select(l => (l.GetProperty("AccountDisplayValue").GetString()!, Dec(l, "DebitAmount"))).ToList();
            debits.ShouldBe(t.Lines.Select(s => ($"{s.AccountNumber}-{s.DepartmentCode}-{s.CostCenterCode}", s.Amount)).ToList(), ignoreOrder: true);
            var credit = lines.Where(l => Dec(l, "CreditAmount") > 0).ShouldHaveSingleItem();
            (credit.GetProperty("AccountDisplayValue").GetString(), Dec(credit, "CreditAmount")).ShouldBe(("2003--", t.Amount)); // sent as "2003"; D365 stores it with the blank segments
            lines.ShouldAllBe(l => l.GetProperty("Voucher").GetString() == CardJournalEntry.DocumentOf(t.Id) && l.GetProperty("CurrencyCode").GetString() == "USD"
                && l.GetProperty("TransDate").GetString()!.StartsWith(t.AccountingDate.ToString("yyyy-MM-dd")));
        }
        var total = all.Sum(t => t.Amount);
        (Dec(journal, "JournalTotalDebit"), Dec(journal, "JournalTotalCredit")).ShouldBe((total, total));

        var report = await scenario.ReportAsync();
        report.StoppedBy.ShouldBeNull();
        (report.Reported, report.Refused).ShouldBe((3, 0));
        foreach (var t in all)
        {
            scenario.InRamp(t.Id).ShouldBe(("Synced", number, null));
            (await scenario.RecordAsync(t.Id)).State.ShouldBe(SyncState.Confirmed);
        }

        // A later run the same day adds to the day's journal, so finance posts one journal a day…
        var more = scenario.Transactions().Skip(2).Take(2).ToList();
        await scenario.TakeInAsync(more[0].Id);
        await scenario.Sync.Engine.DrainAsync(default);
        (await scenario.RecordAsync(more[0].Id)).TargetDocumentId.ShouldBe(number);
        (await scenario.CardJournalsAsync()).Count.ShouldBe(1);

        // …and once finance has posted it, the next run opens a new one instead of writing to a posted journal.
        scenario.Sync.D365.PostJournal("hpus", number).ShouldBeTrue();
        await scenario.TakeInAsync(more[1].Id);
        await scenario.Sync.Engine.DrainAsync(default);
        var next = await scenario.RecordAsync(more[1].Id);
        next.State.ShouldBe(SyncState.Posted, next.ErrorMessage);
        next.TargetDocumentId.ShouldNotBeNull().ShouldNotBe(number);
        (await scenario.CardJournalsAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task AFullJournal_ContinuesTheDayInANewOne_WithinOneBatchAndAcrossRuns()
    {
        await using var scenario = await CardTransactionScenario.StartAsync(RampD365Settings.Sandbox with { CardJournalMaxTransactions = 2 });
        var transactions = scenario.Transactions().Take(5).ToList();

        // Three in one worked batch: two fill the first journal, the third opens the second.
        await scenario.TakeInAsync(transactions.Take(3).Select(t => t.Id).ToArray());
        (await scenario.Sync.Engine.DrainAsync(default)).ShouldBe(3);
        // A later run tops up the second journal (room counted from what we posted into it), then opens a third.
        await scenario.TakeInAsync(transactions.Skip(3).Select(t => t.Id).ToArray());
        (await scenario.Sync.Engine.DrainAsync(default)).ShouldBe(2);

        var posted = new List<(string Id, string Journal)>();
        foreach (var t in transactions)
        {
            var record = await scenario.RecordAsync(t.Id);
            record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
            posted.Add((t.Id, record.TargetDocumentId!));
        }
        posted.GroupBy(p => p.Journal).Select(g => g.Count()).ShouldBe([2, 2, 1]);
        var journals = await scenario.CardJournalsAsync();
        journals.Select(j => j.GetProperty("JournalBatchNumber").GetString()).ShouldBe(posted.Select(p => p.Journal).Distinct(), ignoreOrder: true);
        journals.Select(j => j.GetProperty("Description").GetString()).Distinct().ShouldHaveSingleItem().ShouldStartWith("Ramp card spend ");
        foreach (var journal in journals)
        {
            var number = journal.GetProperty("JournalBatchNumber").GetString();
            var total = transactions.Where(t => posted.Single(p => p.Id == t.Id).Journal == number).Sum(t => t.Amount);
            (Dec(journal, "JournalTotalDebit"), Dec(journal, "JournalTotalCredit")).ShouldBe((total, total));
        }
    }

    [Fact]
    public async Task ASignedRampWebhook_BringsATransactionIn_WhichPostsAfterAFreshRead()
    {
        await using var scenario = await CardTransactionScenario.StartAsync();
        await WebhookKit.SubscribeAsync(scenario.Sync);
        var transaction = scenario.Transactions().First();

        // Ramp's own test event: a real, signed delivery through the portal's endpoint; no poll runs in this test.
        using (var ramp = await SandboxRampApi.CreateAsync(scenario.Sync.Host))
            (await ramp.PostAsJsonAsync("webhooks/mock-webhook-event", new { event_type = "transactions.ready_to_sync", object_id = transaction.Id }))
                .StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        await WebhookKit.UntilAsync(async () =>
        {
            await using var db = scenario.Sync.OpenDb();
            return await db.SyncRecords.AnyAsync(r => r.Flow == RampCardTransactionFlow.FlowName && r.SourceId == transaction.Id);
        }, "the delivery became a record");
        await scenario.Sync.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(transaction.Id);
        record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
        (await scenario.Sync.TrailAsync(record.Id)).First().Actor.ShouldBe("webhook");
        (await scenario.LinesOfAsync(transaction.Id)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task APendingTransaction_IsSkipped_NotPosted()
    {
        await using var scenario = await CardTransactionScenario.StartAsync();
        var pending = scenario.Transactions(CardState.Pending).First();
        await scenario.TakeInAsync(pending.Id);
        await scenario.Sync.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(pending.Id);
        record.State.ShouldBe(SyncState.Skipped);
        (await scenario.Sync.TrailAsync(record.Id)).Last().Message.ShouldBe("Only cleared transactions post; this one is PENDING.");
        (await scenario.LinesOfAsync(pending.Id)).ShouldBeEmpty();
        (await scenario.CardJournalsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnUnmappedDepartment_Blocks_AndAClosedPeriod_Fails_BothReportedToRampWithTheirMessage()
    {
        await using var scenario = await CardTransactionScenario.StartAsync();
        var unmapped = scenario.Transactions().First();
        var department = unmapped.Lines[0].DepartmentCode;
        var closed = scenario.Transactions().First(t => t.Lines[0].DepartmentCode != department);
        (await scenario.Sync.Owner.Get<MappingService>().SetAsync(scenario.Sync.Integration, MappingKind.Dimension, SandboxCompany.Department,
            [new MappingEdit(department, null)], "finance@test", MappingOrigin.Manual)).Ok.ShouldBeTrue();
        scenario.Sync.D365.Settings = scenario.Sync.D365.Settings with { ClosedPeriodsBefore = closed.AccountingDate.AddDays(1) };
        await scenario.TakeInAsync(unmapped.Id, closed.Id);
        await scenario.Sync.Engine.DrainAsync(default);

        var blocked = await scenario.RecordAsync(unmapped.Id);
        blocked.State.ShouldBe(SyncState.Blocked);
        blocked.ErrorMessage!.ShouldStartWith($"Waiting for a mapping: Department value {department}");
        var failed = await scenario.RecordAsync(closed.Id);
        failed.State.ShouldBe(SyncState.Failed);
        failed.ErrorCategory.ShouldBe(SyncErrorCategory.UserActionable);
        failed.ErrorMessage!.ShouldContain($"Period status for {closed.AccountingDate.ToString("M/d/yyyy", CultureInfo.InvariantCulture)} is Closed");
        (await scenario.LinesOfAsync(closed.Id)).ShouldBeEmpty();
        (await scenario.LinesOfAsync(unmapped.Id)).ShouldBeEmpty();

        (await scenario.ReportAsync()).Reported.ShouldBe(2);
        scenario.InRamp(unmapped.Id).ShouldBe(("SyncReady", null, blocked.ErrorMessage));
        scenario.InRamp(closed.Id).ShouldBe(("SyncReady", null, failed.ErrorMessage));
    }

    [Fact]
    public async Task ALedgerFormatWithoutCostCenter_RefusesTransactionsCodedWithOne_BeforeAnythingIsPosted()
    {
        await using var scenario = await CardTransactionScenario.StartAsync(RampD365Settings.Sandbox with { LedgerDimensionFormat = "MainAccount-Department" });
        var t = scenario.Transactions().First();
        await scenario.TakeInAsync(t.Id);
        await scenario.Sync.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(t.Id);
        record.State.ShouldBe(SyncState.Failed);
        record.ErrorMessage!.ShouldEndWith("CostCenter is coded in the source but not part of the dimension format 'MainAccount-Department'; Dynamics 365 would drop it without an error.");
        (await scenario.CardJournalsAsync()).ShouldBeEmpty();
        (await scenario.LinesOfAsync(t.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task MissingJournalSettings_PauseTheIntegration_AndTheRecordWaits()
    {
        await using var scenario = await CardTransactionScenario.StartAsync(RampD365Settings.Sandbox with { CardLiabilityAccount = null });
        var t = scenario.Transactions().First();
        await scenario.TakeInAsync(t.Id);
        await scenario.Sync.Engine.DrainAsync(default);

        var record = await scenario.RecordAsync(t.Id);
        record.State.ShouldBe(SyncState.Pending);
        record.ErrorCategory.ShouldBe(SyncErrorCategory.Configuration);
        record.ErrorMessage!.ShouldContain("card liability account is not set");
        await using var db = scenario.Sync.OpenDb();
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == scenario.Sync.Integration);
        integration.Status.ShouldBe(IntegrationStatus.Paused);
        (await scenario.CardJournalsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnUnknownOutcome_IsFoundByItsDocument_AndLinked_NotPostedTwice()
    {
        await using var scenario = await CardTransactionScenario.StartAsync();
        var t = scenario.Transactions(splits: 2).First();
        await scenario.TakeInAsync(t.Id);
        await scenario.Sync.Engine.DrainAsync(default);
        var posted = await scenario.RecordAsync(t.Id);
        var journal = posted.TargetDocumentId.ShouldNotBeNull(string.Join("\n", (await scenario.Sync.TrailAsync(posted.Id)).Select(a => a.Message)));
        (await scenario.LinesOfAsync(t.Id)).Count.ShouldBe(3);

        // The lines landed but the answer was lost (a timeout after sending): the record only knows to look before posting.
        await using (var db = scenario.Sync.OpenDb())
        {
            var record = await db.SyncRecords.SingleAsync(r => r.Id == posted.Id);
            (record.State, record.VerifyBeforePost, record.TargetDocumentId, record.NextAttemptAt) = (SyncState.RetryScheduled, true, null, DateTimeOffset.UtcNow.AddSeconds(-1));
            await db.SaveChangesAsync();
        }
        await scenario.Sync.Engine.DrainAsync(default);

        var linked = await scenario.RecordAsync(t.Id);
        linked.State.ShouldBe(SyncState.Posted);
        linked.TargetDocumentId.ShouldBe(journal);
        (await scenario.Sync.TrailAsync(linked.Id)).Last().Action.ShouldBe(AuditAction.Linked);
        (await scenario.LinesOfAsync(t.Id)).Count.ShouldBe(3);
        (await scenario.CardJournalsAsync()).Count.ShouldBe(1);
    }

    /// <summary>A decimal as D365 sends it with IEEE754Compatible=true: a string.</summary>
    private static decimal Dec(JsonElement row, string name) => decimal.Parse(row.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
