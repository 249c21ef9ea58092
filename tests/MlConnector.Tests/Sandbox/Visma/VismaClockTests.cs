using System.Net;
using System.Net.Http.Json;
using MlConnector.Sandbox.Visma;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>What depends on time: the one-hour token, the rate-limit refill and record timestamps.</summary>
public sealed class VismaClockTests
{
    [Fact]
    public async Task Token_JustBeforeItsHour_StillWorks()
    {
        await using var visma = await ClockedVisma.StartAsync();
        using var client = await visma.Api.ClientAsync();

        visma.Clock.Advance(TimeSpan.FromSeconds(3599));

        (await client.GetAsync("v1/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_AfterItsHour_Is401()
    {
        await using var visma = await ClockedVisma.StartAsync();
        using var client = await visma.Api.ClientAsync();

        visma.Clock.Advance(TimeSpan.FromSeconds(3600));

        (await (await client.GetAsync("v1/account")).ShouldBeIppExceptionAsync(HttpStatusCode.Unauthorized)).ShouldContain("expired");
    }

    [Fact]
    public async Task BuiltInRateLimit_RefillsOverTheWindow()
    {
        await using var visma = await ClockedVisma.StartAsync();
        using (var control = visma.Api.Anonymous())
        {
            (await control.PutAsJsonAsync("_control/settings",
                new VismaSettings { RateLimit = new VismaRateLimit(Enabled: true, Capacity: 2, WindowSeconds: 60) })).EnsureSuccessStatusCode();
        }
        using var client = await visma.Api.ClientAsync();
        (await client.GetAsync("v1/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("v1/account")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var limited = await client.GetAsync("v1/account");
        visma.Clock.Advance(TimeSpan.FromSeconds(30));
        using var refilled = await client.GetAsync("v1/account");

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(30));
        limited.Headers.GetValues("X-RateLimit-Reset").Single().ShouldBe("60");
        refilled.StatusCode.ShouldBe(HttpStatusCode.OK);
        refilled.Headers.GetValues("X-RateLimit-Remaining").Single().ShouldBe("0");
    }

    [Fact]
    public async Task Create_StampsCreatedAndLastModifiedWithTheClock_AndUpdateMovesOnlyLastModified()
    {
        await using var visma = await ClockedVisma.StartAsync();
        using var client = await visma.Api.ClientAsync();
        var number = await VismaApi.CreateSupplierAsync(client, "Clocked AS");

        visma.Clock.Advance(TimeSpan.FromMinutes(5));
        (await client.PutAsync($"v1/supplier/{number}", Wire.Body(new { name = Wire.V("Clocked Later AS") }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var supplier = await client.GetJsonAsync($"v1/supplier/{number}");
        supplier.GetProperty("createdDateTime").GetString().ShouldBe("2026-11-16T09:00:00");
        supplier.GetProperty("lastModifiedDateTime").GetString().ShouldBe("2026-11-16T09:05:00");
    }
}
