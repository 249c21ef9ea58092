using System.Net;
using System.Net.Http.Json;
using MlConnector.Sandbox.Shared;
using MlConnector.Sandbox.Visma;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>Injected faults and the built-in rate limit (contract §8, §9). Each test owns its host.</summary>
public sealed class VismaFaultTests
{
    private static async Task SetAsync(VismaApi api, FaultSettings faults)
    {
        using var control = api.Anonymous();
        (await control.PutAsJsonAsync("_control/faults", faults)).EnsureSuccessStatusCode();
    }

    private static async Task SetAsync(VismaApi api, VismaSettings settings)
    {
        using var control = api.Anonymous();
        (await control.PutAsJsonAsync("_control/settings", settings)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task InjectedRateLimit_Is429WithRetryAfterAndRateLimitHeaders_ThenRecovers()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var client = await fresh.Api.ClientAsync();
        await SetAsync(fresh.Api, new FaultSettings { RateLimitNext = 1, RetryAfterSeconds = 7 });

        using var response = await client.GetAsync("v1/supplier");

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        response.Headers.GetValues("X-RateLimit-Remaining").Single().ShouldBe("0");
        response.Headers.GetValues("X-RateLimit-Reset").Single().ShouldBe("7");
        response.Headers.GetValues("X-RateLimit-Limit").Single().ShouldNotBeNullOrEmpty();
        response.Headers.GetValues("X-RateLimit-Policy").Single().ShouldNotBeNullOrEmpty();
        (await client.GetAsync("v1/supplier")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task InjectedServerError_Is503IppExceptionWithRetryAfter()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var client = await fresh.Api.ClientAsync();
        await SetAsync(fresh.Api, new FaultSettings { ServerErrorNext = 1, RetryAfterSeconds = 3 });

        using var response = await client.GetAsync("v1/supplier");

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task InjectedRateLimit_OnTheTokenEndpoint_IsAnOAuthError()
    {
        await using var fresh = await FreshVisma.StartAsync();
        await SetAsync(fresh.Api, new FaultSettings { RateLimitNext = 1, RetryAfterSeconds = 2 });

        using var response = await fresh.Api.RequestTokenAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        (await response.JsonAsync()).GetProperty("error").GetString().ShouldBe("slow_down");
    }

    [Fact]
    public async Task BuiltInRateLimit_IsOffByDefault_NoLimitHeaders()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var client = await fresh.Api.ClientAsync();

        using var response = await client.GetAsync("v1/supplier");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("X-RateLimit-Limit").ShouldBeFalse();
    }

    [Fact]
    public async Task BuiltInRateLimit_CountsDownPerApp_Then429WithRetryAfter()
    {
        await using var fresh = await FreshVisma.StartAsync();
        await SetAsync(fresh.Api, new VismaSettings { RateLimit = new VismaRateLimit(Enabled: true, Capacity: 3, WindowSeconds: 3600) });
        using var client = await fresh.Api.ClientAsync();

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync("v1/account");
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            ok.Headers.GetValues("X-RateLimit-Limit").Single().ShouldBe("3");
            remaining.Add(ok.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
        using var limited = await client.GetAsync("v1/account");

        remaining.ShouldBe(["2", "1", "0"]);
        await limited.ShouldBeIppExceptionAsync(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
        limited.Headers.GetValues("X-RateLimit-Remaining").Single().ShouldBe("0");

        // Another app has its own bucket.
        var (id, secret) = await fresh.Api.RegisterClientAsync(VismaSandboxApp.ReadScope);
        using var other = await fresh.Api.ClientAsync(clientId: id, clientSecret: secret);
        (await other.GetAsync("v1/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
