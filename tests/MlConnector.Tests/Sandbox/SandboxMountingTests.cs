using System.Net;
using System.Net.Http.Json;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox;

/// <summary>The shared machinery in front of every simulator: faults, the request log, control, mounting.</summary>
public sealed class SandboxMountingTests(SandboxHost sandbox) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Faults_NextNRateLimited_ThenRequestsPassAgain_AndEveryRequestIsRecorded()
    {
        using var control = sandbox.ClientFor("visma");
        (await control.PostAsync("_control/reset", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await control.PutAsJsonAsync("_control/faults", new FaultSettings { RateLimitNext = 2, RetryAfterSeconds = 7 })).EnsureSuccessStatusCode();

        using var client = sandbox.ClientFor("visma");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "no-such-endpoint");
            request.Headers.Add("ipp-company-id", "42");
            var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (i == 0) response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        }

        statuses.ShouldBe([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.NotFound]);
        var recorded = (await control.GetFromJsonAsync<List<RecordedRequest>>("_control/requests"))!;
        recorded.Select(r => r.Status).ShouldBe([429, 429, 404]);
        recorded.ShouldAllBe(r => r.Path == "/sandbox/visma/no-such-endpoint" && r.Header("ipp-company-id") == "42");
    }

    [Fact]
    public async Task Faults_Latency_DelaysAnswers()
    {
        var simulator = sandbox.Registry["d365"];
        simulator.Faults.Settings = new FaultSettings { LatencyMs = 300 };
        try
        {
            using var client = sandbox.ClientFor("d365");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await client.GetAsync("data/nothing-here");
            watch.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(290);
        }
        finally
        {
            simulator.Faults.Reset();
        }
    }

    [Fact]
    public async Task RequestLog_KeepsTheBody_AndControlCallsStayOutOfIt()
    {
        var simulator = sandbox.Registry["ramp"];
        var before = simulator.Traffic.LastSequence;
        using var client = sandbox.ClientFor("ramp");

        await client.PostAsync("anything", new StringContent("""{"idempotency_key":"k-1"}""", System.Text.Encoding.UTF8, "application/json"));
        await client.GetAsync("_control/faults");

        var recorded = simulator.Traffic.Since(before);
        recorded.Count.ShouldBe(1);
        recorded[0].Body.ShouldBe("""{"idempotency_key":"k-1"}""");
        recorded[0].Method.ShouldBe("POST");
    }

    [Fact]
    public async Task ControlIndex_ListsEverySimulator()
    {
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var index = await client.GetStringAsync("sandbox/simulators");

        foreach (var name in new[] { "ramp", "d365", "visma" }) index.ShouldContain($"/sandbox/{name}");
    }
}
