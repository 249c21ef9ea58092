using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlConnector.Sandbox.D365;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §8: injected throttling and outages look like F&amp;O (and like Entra on the token endpoint); reset restores the seed; writes are thread-safe.</summary>
public sealed class D365FaultTests(SandboxHost host) : D365TestBase(host)
{
    [Fact]
    public async Task Fault_RateLimited_Returns429WithRetryAfterThenRecovers()
    {
        using var client = await ConnectAsync();
        Simulator.Faults.Settings = Simulator.Faults.Settings with { RateLimitNext = 1, RetryAfterSeconds = 7 };

        using var throttled = await client.GetAsync("data/LegalEntities");

        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        (await JsonAsync(throttled)).GetProperty("error").GetProperty("message").GetString()!.ShouldContain("high resource utilization");
        (await client.GetAsync("data/LegalEntities")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Throttle_PerClientBudgetSpent_Returns429WithRetryAfter_OtherClientsUnaffected()
    {
        Simulator.Settings = Simulator.Settings with { RequestsPerMinutePerClient = 3 };
        Simulator.RegisterClient(new D365Client(D365SandboxApp.TenantId, "second-app", "pw", "hpus"));
        using var client = await ConnectAsync();
        using var other = await ConnectAsync("second-app", "pw");
        for (var i = 0; i < 3; i++) (await client.GetAsync("data/LegalEntities")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var throttled = await client.GetAsync("data/LegalEntities");

        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 20);
        (await other.GetAsync("data/LegalEntities")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Fault_ServerError_Returns503WithODataErrorBody()
    {
        using var client = await ConnectAsync();
        Simulator.Faults.Settings = Simulator.Faults.Settings with { ServerErrorNext = 1 };

        using var failed = await client.GetAsync("data/LegalEntities");

        failed.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await JsonAsync(failed)).GetProperty("error").GetProperty("code").GetString().ShouldBe("");
    }

    [Fact]
    public async Task Fault_OnTheTokenEndpoint_AnswersInEntraShape()
    {
        Simulator.Faults.Settings = Simulator.Faults.Settings with { RateLimitNext = 1 };

        using var response = await RequestTokenAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("temporarily_unavailable");
    }

    [Fact]
    public async Task Reset_ThroughControlEndpoint_RestoresTheSeededStateAndSwitches()
    {
        using var client = await ConnectAsync();
        await CreateInvoiceHeaderAsync(client, "INV-BEFORE-RESET");
        Simulator.Settings = Simulator.Settings with { PageSize = 3 };

        (await Anonymous().PostAsync("_control/reset", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        Simulator.Settings.PageSize.ShouldBe(10_000);
        (await GetJsonAsync(client, "data/VendorInvoiceHeaders")).GetProperty("value").GetArrayLength().ShouldBe(0);
        (await CreateInvoiceHeaderAsync(client, "INV-AFTER-RESET")).ShouldBe("APINV000001");
    }

    [Fact]
    public async Task Traffic_RecordsODataRequestsWithTheirStatus()
    {
        using var client = await ConnectAsync();
        var since = Simulator.Traffic.LastSequence;

        await client.GetAsync("data/vendorsv2");

        Simulator.Traffic.Since(since).ShouldContain(r => r.Path.EndsWith("/data/vendorsv2", StringComparison.Ordinal) && r.Status == 404);
    }

    [Fact]
    public async Task Reset_RebuildsTheSameSeededRows()
    {
        using var client = await ConnectAsync();
        var before = await client.GetStringAsync("data/VendorsV2?cross-company=true");

        Simulator.Reset();

        (await client.GetStringAsync("data/VendorsV2?cross-company=true")).ShouldBe(before);
    }

    [Fact]
    public async Task Writes_InParallel_GetDistinctNumbersFromTheSequence()
    {
        using var client = await ConnectAsync();

        var references = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => CreateInvoiceHeaderAsync(client, $"INV-PAR-{i}")));

        references.Distinct().Count().ShouldBe(20);
        (await GetJsonAsync(client, "data/VendorInvoiceHeaders")).GetProperty("value").GetArrayLength().ShouldBe(20);
    }
}
