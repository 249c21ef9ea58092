using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Integration;

/// <summary>
/// Mapping a legacy Ramp chart (uploaded by an earlier accounting connection) onto the sandbox D365 chart:
/// suggestions, edits with history and versions, bulk acceptance, holds and their release.
/// </summary>
public abstract class MappingTests(PortalHost host)
{
    [Fact]
    public async Task Refresh_SuggestsBySameCode_SameName_AndSimilarName_NeverAnInactiveTarget()
    {
        await using var context = await MappingContext.CreateAsync(host);

        var rows = await context.RowsAsync(MappingKind.GlAccount);

        rows["qb-1"].Suggested!.Id.ShouldBe("6100");
        (rows["qb-1"].Confidence, rows["qb-1"].Reason).ShouldBe((100, "Same code"));
        rows["qb-2"].Suggested!.Id.ShouldBe("6101");
        (rows["qb-2"].Confidence, rows["qb-2"].Reason).ShouldBe((90, "Same name"));
        rows["qb-3"].Suggested!.Id.ShouldBe("6400");
        rows["qb-3"].Reason!.ShouldStartWith("Similar name");
        rows["qb-3"].Confidence.ShouldBeInRange(61, 89);
        rows["qb-4"].Suggested?.Id.ShouldNotBe("1013", "Petty cash is suspended in D365");
        rows["qb-5"].Suggested.ShouldBeNull();
        rows.Values.ShouldAllBe(r => r.TargetId == null);
    }

    [Fact]
    public async Task Set_KeepsHistory_AndEveryVersionCanBeReadBack()
    {
        await using var context = await MappingContext.CreateAsync(host);
        var service = context.Get<MappingService>();

        var first = await service.SetAsync(context.Integration, MappingKind.GlAccount, "", [new("qb-5", "7203")], "ann@example.com", MappingOrigin.Manual);
        var second = await service.SetAsync(context.Integration, MappingKind.GlAccount, "", [new("qb-5", "7205")], "bob@example.com", MappingOrigin.Manual);

        first.Ok.ShouldBeTrue();
        second.Version.ShouldBeGreaterThan(first.Version);
        var history = await context.Get<MappingHistory>().ChangesAsync(context.Integration, MappingKind.GlAccount, "", "qb-5");
        history.Select(h => (h.OldTargetId, h.NewTargetId, h.ChangedBy)).ShouldBe([("7203", "7205", "bob@example.com"), (null, "7203", "ann@example.com")]);
        var snapshots = context.Get<MappingHistory>();
        (await snapshots.SnapshotAsync(context.Integration, first.Version)).TargetOf(MappingKind.GlAccount, "", "qb-5").ShouldBe("7203");
        var now = await snapshots.SnapshotAsync(context.Integration);
        (now.Version, now.TargetOf(MappingKind.GlAccount, "", "qb-5")).ShouldBe((second.Version, "7205"));
        (await context.RowsAsync(MappingKind.GlAccount))["qb-5"].ShouldSatisfyAllConditions(
            r => r.TargetId.ShouldBe("7205"), r => r.ChangedBy.ShouldBe("bob@example.com"), r => r.Version.ShouldBe(second.Version));
    }

    [Fact]
    public async Task Set_WithAnyBadEdit_ChangesNothing_AndNamesEachProblem()
    {
        await using var context = await MappingContext.CreateAsync(host);

        var result = await context.Get<MappingService>().SetAsync(context.Integration, MappingKind.GlAccount, "",
            [new("qb-1", "6100"), new("qb-4", "1013"), new("qb-2", "9999"), new("nope", "6101"), new("qb-1", "6101")], "ann", MappingOrigin.Manual);

        result.Ok.ShouldBeFalse();
        result.Errors.Select(e => e.SourceKey).ShouldBe(["qb-4", "qb-2", "nope", "qb-1"]);
        result.Errors[0].Message.ShouldContain("inactive or suspended");
        result.Errors[1].Message.ShouldContain("does not exist");
        result.Errors[2].Message.ShouldContain("not a known");
        result.Errors[3].Message.ShouldContain("more than once");
        (await context.RowsAsync(MappingKind.GlAccount)).Values.ShouldAllBe(r => r.TargetId == null);
        await using var db = context.OpenDb();
        (await db.MappingChanges.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task BulkAccept_TakesOnlySuggestionsAtOrAboveTheThreshold()
    {
        await using var context = await MappingContext.CreateAsync(host);

        var result = await context.Get<MappingService>().AcceptSuggestionsAsync(context.Integration, MappingKind.GlAccount, "", 90, "ann");

        result.Changed.ShouldBe(2);
        var rows = await context.RowsAsync(MappingKind.GlAccount);
        (rows["qb-1"].TargetId, rows["qb-2"].TargetId, rows["qb-3"].TargetId).ShouldBe(("6100", "6101", null));
        await using var db = context.OpenDb();
        (await db.MappingChanges.Select(c => c.Origin).Distinct().ToListAsync()).ShouldBe([MappingOrigin.Suggestion]);
    }

    [Fact]
    public async Task Page_FiltersSearchesSortsAndPages_OnTheServer()
    {
        await using var context = await MappingContext.CreateAsync(host);
        var service = context.Get<MappingService>();
        await service.SetAsync(context.Integration, MappingKind.GlAccount, "", [new("qb-1", "6100")], "ann", MappingOrigin.Manual);

        var unmapped = await service.PageAsync(context.Integration, new MappingQuery(MappingKind.GlAccount, "", 0, 2, Filter: MappingFilter.Unmapped,
            Sort: MappingSort.SourceName, Descending: true));
        var search = await service.PageAsync(context.Integration, new MappingQuery(MappingKind.GlAccount, "", 0, 10, Search: "OFFICE"));
        var mapped = await service.PageAsync(context.Integration, new MappingQuery(MappingKind.GlAccount, "", 0, 10, Filter: MappingFilter.Mapped));

        unmapped.Count.ShouldBe(4);
        unmapped.Rows.Select(r => r.SourceName).ShouldBe(["Quantum flux capacitors", "Petty cash"]);
        search.Rows.Single().SourceKey.ShouldBe("qb-3");
        mapped.Rows.Single().Target!.Label.ShouldBe("6100 · Airfare");
    }

    [Fact]
    public async Task Holds_CountPerGap_AndMappingReleasesExactlyTheRecordsItBlocked()
    {
        await using var context = await MappingContext.CreateAsync(host);
        var holds = context.Get<MappingHolds>();
        MissingMapping Gl(string key) => new(MappingKind.GlAccount, "", key, "", "");
        var vendor = new MissingMapping(MappingKind.Vendor, "", "ramp-vendor-9", "", "Unknown Vendor LLC");
        await holds.HoldAsync(context.Integration, "bill-1", [Gl("qb-5")]);
        await holds.HoldAsync(context.Integration, "bill-2", [Gl("qb-5"), vendor]);
        await holds.HoldAsync(context.Integration, "bill-3", [Gl("qb-4")]);

        var gaps = await holds.GapsAsync(context.Integration);
        var coverage = await holds.CoverageAsync(context.Integration, await context.Get<MappingService>().TabsAsync(context.Integration));
        var released = await context.Get<MappingService>().SetAsync(context.Integration, MappingKind.GlAccount, "", [new("qb-5", "7203")], "ann", MappingOrigin.Manual);

        gaps.Select(g => (g.SourceKey, g.RecordsHeld)).ShouldBe([("qb-5", 2), ("ramp-vendor-9", 1), ("qb-4", 1)]);
        coverage.Single(c => c.Kind == MappingKind.GlAccount).ShouldSatisfyAllConditions(c => c.Unmapped.ShouldBe(5), c => c.RecordsHeld.ShouldBe(3));
        coverage.Single(c => c.Kind == MappingKind.Vendor).ShouldSatisfyAllConditions(c => c.Unmapped.ShouldBe(1), c => c.RecordsHeld.ShouldBe(1));
        released.Released.ShouldBe(["bill-1"], "bill-2 still waits for its vendor; bill-3 for another account");
        (await holds.GapsAsync(context.Integration)).Select(g => g.SourceKey).ShouldBe(["ramp-vendor-9", "qb-4"], ignoreOrder: true);
        (await holds.HoldAsync(context.Integration, "bill-4", [Gl("qb-5")])).ShouldBeEmpty("a value mapped meanwhile holds nothing");
    }

    [Fact]
    public async Task OnlyOwnersAdminsAndFinance_ChangeMappings()
    {
        await using var context = await MappingContext.CreateAsync(host);
        context.Get<CurrentWorkspace>().Enter(context.WorkspaceId, WorkspaceRole.Viewer);

        await Should.ThrowAsync<UnauthorizedAccessException>(() =>
            context.Get<MappingService>().SetAsync(context.Integration, MappingKind.GlAccount, "", [new("qb-1", "6100")], "viewer", MappingOrigin.Manual));

        context.Get<CurrentWorkspace>().Enter(context.WorkspaceId, WorkspaceRole.Finance);
        (await context.Get<MappingService>().SetAsync(context.Integration, MappingKind.GlAccount, "", [new("qb-1", "6100")], "fin", MappingOrigin.Manual)).Ok.ShouldBeTrue();
    }
}

public sealed class MappingTestsOnSqlite(SqlitePortal portal) : MappingTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class MappingTestsOnPostgres(PostgresPortal portal) : MappingTests(portal.Host), IClassFixture<PostgresPortal>;
