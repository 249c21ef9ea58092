using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Sync;
using MlConnector.Web.Features.Exceptions;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Exceptions;

/// <summary>
/// The finance inbox over the real Ramp → D365 flows (simulators over HTTP, real database): what it groups and counts,
/// that mapping from it re-queues exactly the documents that waited only for that value, and "Try again".
/// </summary>
public sealed class ExceptionInboxTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task Read_GroupsBlockedAndRefusedDocumentsByCause_WithCountsNewestExamplesAndHints(Db database)
    {
        await using var scenario = await StartAsync(database);
        var seeded = await InboxCase.SeedAsync(scenario, () => scenario.Engine.DrainAsync(default));

        var view = await Finance(scenario).Get<ExceptionInbox>().ReadAsync(scenario.Integration);

        view.Waiting.ShouldBe(10); // 3 + 2 + 1 held, 2 + 2 refused: the bill held twice counts once
        var gl = view.Mappings.Single(g => g.Kind == MappingKind.GlAccount);
        gl.SourceKey.ShouldBe(seeded.Gl);
        gl.Title.ShouldStartWith($"GL code {seeded.Gl} (");
        gl.Title.ShouldEndWith(") has no D365 main account");
        (gl.Records, gl.CountText).ShouldBe((4, "4 bills"));
        gl.Examples.Count.ShouldBe(ExceptionInbox.ExamplesPerGroup);
        gl.Examples[0].Summary.ShouldStartWith("Bill INBOX-BOTH · "); // newest first
        gl.Examples.Skip(1).ShouldAllBe(e => e.Summary.StartsWith("Bill INBOX-GL-"));
        gl.Suggested.ShouldNotBeNull().Id.ShouldBe(seeded.Gl);
        var vendor = view.Mappings.Single(g => g.Kind == MappingKind.Vendor);
        (vendor.Title, vendor.CountText).ShouldBe(($"Vendor '{seeded.VendorName}' has no D365 vendor", "3 bills"));
        view.Mappings.Count.ShouldBe(2);

        var unnumbered = view.Failures.Single(g => g.Title == "The bill has no invoice number.");
        (unnumbered.CountText, unnumbered.Hint).ShouldBe(("2 bills", "Enter the vendor's invoice number on the bill in Ramp; D365 requires it."));
        unnumbered.Examples.ShouldAllBe(e => e.Summary.StartsWith("Bill (no invoice number) · ") && e.Message == null);
        // Two days of one closed period make one group; each example keeps its own date. No status code reaches finance.
        var closed = view.Failures.Single(g => g.Title.Contains("is Closed"));
        closed.Title.ShouldBe("Dynamics 365: Period status for … is Closed. Transactions cannot be posted in a closed ledger period.");
        closed.CountText.ShouldBe("2 card transactions");
        closed.Examples.Select(e => e.Message).Distinct().Count().ShouldBe(2);
        closed.Examples.ShouldAllBe(e => e.Message!.StartsWith("Dynamics 365: Period status for ") && e.Summary.StartsWith("Card · "));
        view.Failures.Count.ShouldBe(2);

        var shown = JsonSerializer.Serialize(view);
        foreach (var technical in new[] { "answered", "line_items", "accounting_field_selections", "$batch", "SR-" })
            shown.ShouldNotContain(technical, Case.Sensitive, $"finance must not see '{technical}'");
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task Map_FromTheInbox_SavesAVersionedMapping_AndRequeuesExactlyTheDocumentsThatWaitedOnlyForIt_WhichPost(Db database)
    {
        await using var scenario = await StartAsync(database);
        var seeded = await InboxCase.SeedAsync(scenario, () => scenario.Engine.DrainAsync(default));
        using var finance = Finance(scenario);
        var group = (await finance.Get<ExceptionInbox>().ReadAsync(scenario.Integration)).Mappings.Single(g => g.Kind == MappingKind.GlAccount);
        var target = (await finance.Get<ExceptionFixes>().TargetsAsync(group, seeded.Gl)).First(t => t.Code == seeded.Gl);

        var result = await finance.Get<ExceptionFixes>().MapAsync(group, target.Id, "finance@test");

        result.Errors.ShouldBeEmpty();
        var glRecords = await Task.WhenAll(seeded.GlBills.Select(scenario.RecordAsync));
        result.Released.Select(Guid.Parse).ShouldBe(glRecords.Select(r => r.Id), ignoreOrder: true);
        glRecords.ShouldAllBe(r => r.State == SyncState.Pending);
        (await scenario.RecordAsync(seeded.BothBill)).State.ShouldBe(SyncState.Blocked, "its vendor is still unmapped");
        var change = (await finance.Get<MappingHistory>().ChangesAsync(scenario.Integration, MappingKind.GlAccount, "", seeded.Gl))[0]; // newest first
        (change.NewTargetId, change.ChangedBy, change.Id).ShouldBe((target.Id, "finance@test", result.Version));
        foreach (var record in glRecords)
            (await scenario.TrailAsync(record.Id)).Last().Action.ShouldBe(AuditAction.Released);

        var after = await finance.Get<ExceptionInbox>().ReadAsync(scenario.Integration);
        after.Mappings.ShouldNotContain(g => g.Kind == MappingKind.GlAccount);
        after.Mappings.Single(g => g.Kind == MappingKind.Vendor).Records.ShouldBe(3);
        after.Waiting.ShouldBe(7);

        await scenario.Engine.DrainAsync(default);
        for (var i = 0; i < seeded.GlBills.Count; i++)
        {
            var posted = await scenario.RecordAsync(seeded.GlBills[i]);
            posted.State.ShouldBe(SyncState.Posted, posted.ErrorMessage);
            (await scenario.HeadersInD365Async($"INBOX-GL-{i + 1}")).ShouldBe([posted.TargetDocumentId!]);
        }
        (await scenario.HeadersInD365Async("INBOX-BOTH")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task TryAgain_AfterFinanceOpenedThePeriod_RequeuesOnlyThatGroup_WithTheReasonInTheTrail_AndTheTransactionsPost(Db database)
    {
        await using var scenario = await StartAsync(database);
        var seeded = await InboxCase.SeedAsync(scenario, () => scenario.Engine.DrainAsync(default));
        using var finance = Finance(scenario);
        var closed = (await finance.Get<ExceptionInbox>().ReadAsync(scenario.Integration)).Failures.Single(g => g.Title.Contains("is Closed"));
        scenario.D365.Settings = scenario.D365.Settings with { ClosedPeriodsBefore = null };

        (await finance.Get<ExceptionFixes>().TryAgainAsync(scenario.Integration, closed.Key, "finance@test")).ShouldBe(2);

        foreach (var id in seeded.ClosedTransactions)
        {
            var record = await RecordAsync(scenario, RampCardTransactionFlow.FlowName, id);
            record.State.ShouldBe(SyncState.Pending);
            var replayed = (await scenario.TrailAsync(record.Id)).Last();
            (replayed.Action, replayed.Actor).ShouldBe((AuditAction.Replayed, "finance@test"));
            replayed.Message!.ShouldStartWith("Replayed (was Failed): fixed by finance: Dynamics 365: Period status for ");
        }
        foreach (var id in seeded.Unnumbered) (await scenario.RecordAsync(id)).State.ShouldBe(SyncState.Failed);
        (await finance.Get<ExceptionFixes>().TryAgainAsync(scenario.Integration, closed.Key, "finance@test")).ShouldBe(0, "the group is gone");

        await scenario.Engine.DrainAsync(default);
        foreach (var id in seeded.ClosedTransactions)
        {
            var record = await RecordAsync(scenario, RampCardTransactionFlow.FlowName, id);
            record.State.ShouldBe(SyncState.Posted, record.ErrorMessage);
        }
        (await finance.Get<ExceptionInbox>().ReadAsync(scenario.Integration)).Failures.ShouldHaveSingleItem().Title.ShouldBe("The bill has no invoice number.");
    }

    private static async Task<SyncScenario> StartAsync(Db database)
    {
        var scenario = await SyncScenario.StartAsync(database, posting: InboxCase.Posting, billFlow: true);
        await scenario.MapCodingAsync();
        return scenario;
    }

    /// <summary>A scope acting as a finance member of the scenario's workspace.</summary>
    private static TestIntegration Finance(SyncScenario scenario)
    {
        var finance = TestIntegration.Enter(scenario.Host, scenario.Owner.WorkspaceId, scenario.Integration);
        finance.Get<CurrentWorkspace>().Enter(scenario.Owner.WorkspaceId, WorkspaceRole.Finance);
        return finance;
    }

    private static async Task<SyncRecord> RecordAsync(SyncScenario scenario, string flow, string sourceId)
    {
        await using var db = scenario.OpenDb();
        return await db.SyncRecords.AsNoTracking().SingleAsync(r => r.Flow == flow && r.SourceId == sourceId);
    }
}
