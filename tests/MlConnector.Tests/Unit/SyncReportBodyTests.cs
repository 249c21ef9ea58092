using System.Text.Json.Nodes;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Sync.Ramp;

namespace MlConnector.Tests.Unit;

public sealed class SyncReportBodyTests
{
    private static SyncRecord Posted(string id, string reference) =>
        new() { Flow = "f", SourceId = id, State = SyncState.Posted, TargetDocumentId = reference };

    private static SyncRecord Failed(string id, string message) =>
        new() { Flow = "f", SourceId = id, State = SyncState.Failed, ErrorMessage = message };

    [Fact]
    public void EmptyLists_AreLeftOut_AndFailuresCarryTheUserMessage()
    {
        var onlySuccesses = RampSyncReporter.Body("BILL_SYNC", [Posted("b", "APINV-2"), Posted("a", "APINV-1")]);
        onlySuccesses.ContainsKey("failed_syncs").ShouldBeFalse();
        onlySuccesses["successful_syncs"]!.AsArray().Select(i => (string)i!["reference_id"]!).ShouldBe(["APINV-1", "APINV-2"]);

        var onlyFailures = RampSyncReporter.Body("BILL_SYNC", [Failed("c", "GL 6410 has no main account")]);
        onlyFailures.ContainsKey("successful_syncs").ShouldBeFalse();
        ((string)onlyFailures["failed_syncs"]![0]!["error"]!["message"]!).ShouldBe("GL 6410 has no main account");
    }

    [Fact]
    public void TheIdempotencyKey_FollowsTheContent_AndEachOutcome()
    {
        string Key(JsonObject body) => (string)body["idempotency_key"]!;
        var first = Key(RampSyncReporter.Body("BILL_SYNC", [Posted("a", "APINV-1"), Failed("b", "x")]));

        Key(RampSyncReporter.Body("BILL_SYNC", [Failed("b", "x"), Posted("a", "APINV-1")])).ShouldBe(first);
        Guid.TryParse(first, out _).ShouldBeTrue();
        // An item that failed before and succeeds now must get a new key, or Ramp would answer 7005 and drop it.
        Key(RampSyncReporter.Body("BILL_SYNC", [Posted("a", "APINV-1"), Posted("b", "APINV-9")])).ShouldNotBe(first);
        Key(RampSyncReporter.Body("BILL_SYNC", [Posted("a", "APINV-1"), Failed("b", "y")])).ShouldNotBe(first);
        Key(RampSyncReporter.Body("TRANSACTION_SYNC", [Posted("a", "APINV-1"), Failed("b", "x")])).ShouldNotBe(first);
    }

    [Theory]
    [InlineData(1, null, 15, 30)]
    [InlineData(3, null, 60, 120)]
    [InlineData(20, null, 3600, 7200)]
    [InlineData(1, 300, 300, 300)]
    public void RetryDelays_GrowExponentially_AndNeverUndercutRetryAfter(int attempt, int? retryAfterSeconds, int minSeconds, int maxSeconds)
    {
        var options = new SyncOptions();
        foreach (var jitter in new[] { 0.0, 0.5, 0.999 })
        {
            var delay = SyncRetry.Delay(attempt, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, options, jitter);
            delay.TotalSeconds.ShouldBeInRange(minSeconds, maxSeconds);
        }
    }
}
