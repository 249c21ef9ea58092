using MlConnector.Web.Features.Sync.Ramp;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Unit;

/// <summary>Which Ramp entity an integration posts: the chosen one, else Ramp's primary, never a guess among several.</summary>
public sealed class RampEntityScopeTests
{
    private static readonly RampEntity Us = new("ent-us", "Harbor & Pine Advisory Inc.", IsPrimary: true);
    private static readonly RampEntity Uk = new("ent-uk", "Harbor & Pine Advisory Ltd", IsPrimary: false);

    [Fact]
    public void Choose_NothingChosen_TakesThePrimaryEntity() =>
        RampEntityScope.Choose([Uk, Us], configured: null).Value.ShouldBe(new RampEntityScope("ent-us", "Harbor & Pine Advisory Inc."));

    [Fact]
    public void Choose_AChosenEntity_WinsOverThePrimary() =>
        RampEntityScope.Choose([Us, Uk], configured: "ent-uk").Value.ShouldBe(new RampEntityScope("ent-uk", "Harbor & Pine Advisory Ltd"));

    [Fact]
    public void Choose_TheOnlyEntity_CountsAsPrimaryEvenUnflagged() =>
        RampEntityScope.Choose([Uk], configured: null).Value!.Id.ShouldBe("ent-uk");

    [Fact]
    public void Choose_SeveralEntitiesNoneFlagged_IsASettingToFill_NotAGuess()
    {
        var failure = RampEntityScope.Choose([Uk, Uk with { Id = "ent-no", Name = "AS" }], configured: null).Failure.ShouldNotBeNull();
        failure.Kind.ShouldBe(FailureKind.Configuration);
        failure.Hint.ShouldNotBeNull().ShouldContain("Posting settings");
    }

    [Fact]
    public void Choose_AChosenEntityRampNoLongerHas_PausesWithAReason() =>
        RampEntityScope.Choose([Us, Uk], configured: "ent-gone").Failure.ShouldNotBeNull().Message.ShouldContain("no longer exists in Ramp");
}
