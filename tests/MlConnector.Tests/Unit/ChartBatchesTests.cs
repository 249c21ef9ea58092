using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Tests.Unit;

public sealed class ChartBatchesTests
{
    [Fact]
    public async Task Upload_1201Items_SendsBatchesOfAtMost500()
    {
        var ramp = new FakeRamp();

        var outcome = await ChartBatches.UploadAsync(Entries(1201), ramp.UploadAsync);

        ramp.Batches.Select(b => b.Count).ShouldBe([500, 500, 201]);
        (outcome.Created, outcome.Rejected.Count, outcome.Failure).ShouldBe((1201, 0, null));
    }

    [Fact]
    public async Task Upload_TwoBadItems_LandsEveryOtherItem_AndNamesBothWithRampsReason()
    {
        var ramp = new FakeRamp { Refused = { "E0007", "E0444" } };

        var outcome = await ChartBatches.UploadAsync(Entries(600), ramp.UploadAsync);

        outcome.Created.ShouldBe(598);
        outcome.Rejected.Select(r => (r.Entry.RemoteId, r.Reason)).ShouldBe([("E0007", "refused E0007"), ("E0444", "refused E0444")]);
        ramp.Landed.Count.ShouldBe(598);
        ramp.Landed.Distinct().Count().ShouldBe(598, "no item is uploaded twice");
        ramp.Batches.Count.ShouldBeLessThan(50);
    }

    [Theory]
    [InlineData(503, FailureKind.Transient)]
    [InlineData(429, FailureKind.RateLimited)]
    [InlineData(401, FailureKind.Auth)]
    public async Task Upload_FailureThatIsNotARefusal_StopsWithoutSplitting(int status, FailureKind kind)
    {
        var ramp = new FakeRamp { FailWith = new ConnectorFailure(kind, "down", StatusCode: status) };

        var outcome = await ChartBatches.UploadAsync(Entries(700), ramp.UploadAsync);

        ramp.Batches.Count.ShouldBe(1);
        (outcome.Created, outcome.Rejected.Count, outcome.Failure!.StatusCode).ShouldBe((0, 0, status));
    }

    private static List<ChartEntry> Entries(int count) => Enumerable.Range(1, count).Select(i => new ChartEntry($"E{i:0000}", $"Item {i}", "", true)).ToList();

    /// <summary>Ramp's upload rule: a batch containing a refused id fails whole with 422.</summary>
    private sealed class FakeRamp
    {
        public HashSet<string> Refused { get; } = [];
        public ConnectorFailure? FailWith { get; init; }
        public List<IReadOnlyList<ChartEntry>> Batches { get; } = [];
        public List<string> Landed { get; } = [];

        public Task<ConnectorResult<IReadOnlyList<RampChartItem>>> UploadAsync(IReadOnlyList<ChartEntry> batch)
        {
            Batches.Add(batch);
            if (FailWith is not null) return Task.FromResult(ConnectorResult<IReadOnlyList<RampChartItem>>.Fail(FailWith));
            if (batch.FirstOrDefault(e => Refused.Contains(e.RemoteId)) is { } bad)
                return Task.FromResult(ConnectorResult<IReadOnlyList<RampChartItem>>.Fail(new(FailureKind.Permanent, "refused " + bad.RemoteId, StatusCode: 422)));
            Landed.AddRange(batch.Select(e => e.RemoteId));
            return Task.FromResult(ConnectorResult<IReadOnlyList<RampChartItem>>.Ok([]));
        }
    }
}
