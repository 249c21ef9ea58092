using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Tests.Unit;

public sealed class ChartPlanTests
{
    [Fact]
    public void For_NewActiveItems_AreCreated_AndNewInactiveOnesAreNotUploaded()
    {
        var plan = ChartPlan.For([Entry("1"), Entry("2", active: false)], [], hide: false, compareCodes: true);

        plan.Creates.Select(c => c.RemoteId).ShouldBe(["1"]);
        (plan.Updates.Count, plan.Retires.Count, plan.Unchanged).ShouldBe((0, 0, 1));
    }

    [Fact]
    public void For_SameNameAndCode_IsUnchanged_AndANullCodeMatchesAnEmptyOne()
    {
        var plan = ChartPlan.For([Entry("1", code: "")], [Item("1", code: null)], hide: false, compareCodes: true);

        (plan.Creates.Count, plan.Updates.Count, plan.Retires.Count, plan.Unchanged).ShouldBe((0, 0, 0, 1));
    }

    [Fact]
    public void For_RenamedOrRecoded_PatchesOnlyWhatChanged()
    {
        var plan = ChartPlan.For([Entry("1", "New name"), Entry("2", code: "C2-new")], [Item("1"), Item("2", code: "C2")], hide: false, compareCodes: true);

        plan.Updates.Select(u => u.Patch).ShouldBe([new RampChartPatch(Name: "New name"), new RampChartPatch(Code: "C2-new")]);
    }

    [Fact]
    public void For_VendorCodes_AreNotCompared_BecauseTheUploadTakesNone()
    {
        var plan = ChartPlan.For([Entry("1", code: "V1")], [Item("1", code: null)], hide: false, compareCodes: false);

        plan.Unchanged.ShouldBe(1);
    }

    [Fact]
    public void For_ItemGoneOrInactiveInTheErp_IsDeactivatedOnce()
    {
        var plan = ChartPlan.For([Entry("2", active: false)], [Item("1"), Item("2"), Item("3", active: false)], hide: false, compareCodes: true);

        plan.Retires.Select(r => r.Item.RemoteId).ShouldBe(["1", "2"]);
        plan.Unchanged.ShouldBe(1, "an item Ramp already holds inactive needs nothing");
    }

    [Fact]
    public void For_ItemBackInTheErp_IsReactivated_WithItsNewName()
    {
        var plan = ChartPlan.For([Entry("1", "Renamed")], [Item("1", active: false)], hide: false, compareCodes: true);

        plan.Updates.Single().Patch.ShouldBe(new RampChartPatch(Name: "Renamed", Reactivate: true));
    }

    [Fact]
    public void For_Options_AreHiddenInsteadOfDeleted_AndShownWhenTheyReturn()
    {
        var plan = ChartPlan.For([Entry("back")], [Item("gone"), Item("back", visibility: ChartPlan.Hidden), Item("hidden", visibility: ChartPlan.Hidden)],
            hide: true, compareCodes: true);

        plan.Retires.Single().ShouldSatisfyAllConditions(r => r.Item.RemoteId.ShouldBe("gone"), r => r.Patch.ShouldBe(new RampChartPatch(Visibility: ChartPlan.Hidden)));
        plan.Updates.Single().Patch.ShouldBe(new RampChartPatch(Visibility: ChartPlan.Visible));
        plan.Unchanged.ShouldBe(1);
    }

    [Fact]
    public void For_RampItemsWithoutARemoteId_AreLeftAlone()
    {
        var plan = ChartPlan.For([], [Item("")], hide: false, compareCodes: true);

        (plan.Retires.Count, plan.Unchanged).ShouldBe((0, 0));
    }

    private static ChartEntry Entry(string id, string? name = null, string? code = null, bool active = true) =>
        new(id, name ?? "Name " + id, code ?? "C" + id, active);

    private static RampChartItem Item(string id, string? name = null, string? code = "", bool active = true, string? visibility = null) =>
        new(id, "ramp-" + id, name ?? "Name " + id, code == "" ? "C" + id : code, active, null, visibility);
}
