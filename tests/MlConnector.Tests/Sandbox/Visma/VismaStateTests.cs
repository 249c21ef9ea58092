using System.Net;
using System.Net.Http.Json;
using MlConnector.Sandbox.Visma;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>Seeded, deterministic, thread-safe state, and <c>reset</c> back to the seed. Each test owns its host.</summary>
public sealed class VismaStateTests
{
    [Fact]
    public async Task SupplierInvoices_StartEmpty()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var client = await fresh.Api.ClientAsync();

        (await client.GetJsonAsync("v1/supplierInvoice")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Seed_IsTheSameOnEveryStart()
    {
        await using var first = await FreshVisma.StartAsync();
        await using var second = await FreshVisma.StartAsync();
        using var a = await first.Api.ClientAsync();
        using var b = await second.Api.ClientAsync();

        foreach (var path in new[] { "v1/supplier?pageSize=100", "v1/account?pageSize=100", "v1/dimension", "v1/purchaseorder?pageSize=100" })
            (await a.GetStringAsync(path)).ShouldBe(await b.GetStringAsync(path), path);
    }

    [Fact]
    public async Task Reset_RestoresTheSeed_AndTheDefaultSettings()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var client = await fresh.Api.ClientAsync();
        var seeded = await client.GetStringAsync("v1/supplier?pageSize=100");
        var supplier = await VismaApi.CreateSupplierAsync(client, "Gone After Reset AS");
        (await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, "R-1")))).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var control = fresh.Api.Anonymous();
        (await control.PutAsJsonAsync("_control/settings", new VismaSettings { MaxPageSize = 5 })).EnsureSuccessStatusCode();

        (await control.PostAsync("_control/reset", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var after = await fresh.Api.ClientAsync();
        (await after.GetAsync($"v1/supplier/{supplier}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await after.GetJsonAsync("v1/supplierInvoice")).GetArrayLength().ShouldBe(0);
        (await after.GetStringAsync("v1/supplier?pageSize=100")).ShouldBe(seeded);
        (await control.GetFromJsonAsync<VismaSettings>("_control/settings"))!.MaxPageSize.ShouldBe(100);
    }

    [Fact]
    public async Task Reset_RevokesIssuedTokens()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var client = await fresh.Api.ClientAsync();
        using var control = fresh.Api.Anonymous();

        (await control.PostAsync("_control/reset", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync("v1/account")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ConcurrentCreates_GetDistinctNumbers()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var client = await fresh.Api.ClientAsync();

        var numbers = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => VismaApi.CreateSupplierAsync(client, $"Parallel {i} AS")));
        var references = await Task.WhenAll(numbers.Select(async n =>
        {
            using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(n, "SAME-REF")));
            return response.Headers.Location!.Segments[^1];
        }));

        numbers.Distinct().Count().ShouldBe(20);
        references.Distinct().Count().ShouldBe(20);
    }

    [Fact]
    public async Task TimeZoneSetting_WritesAndFiltersInThatZone()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var client = await fresh.Api.ClientAsync();
        var utc = (await client.GetJsonAsync("v1/account/1010")).GetProperty("lastModifiedDateTime").GetString()!;
        using var control = fresh.Api.Anonymous();
        (await control.PutAsJsonAsync("_control/settings", new VismaSettings { TimeZoneId = "Europe/Oslo" })).EnsureSuccessStatusCode();

        var oslo = (await client.GetJsonAsync("v1/account/1010")).GetProperty("lastModifiedDateTime").GetString()!;
        var filtered = await client.GetJsonAsync($"v1/account?lastModifiedDateTime={oslo}&lastModifiedDateTimeCondition=%3E%3D&pageSize=100");

        utc.ShouldBe("2026-11-15T12:00:00");
        oslo.ShouldBe("2026-11-15T13:00:00");
        filtered.EnumerateArray().Select(a => a.GetProperty("accountCD").GetString()).ShouldContain("1010");
    }

    [Theory]
    [InlineData("{\"timeZoneId\":\"Mars/Olympus\"}")]
    [InlineData("{\"maxPageSize\":0}")]
    [InlineData("{\"rateLimit\":{\"enabled\":true,\"capacity\":0,\"windowSeconds\":60}}")]
    public async Task Settings_Unusable_AreRefused_AndTheOldOnesStay(string json)
    {
        await using var fresh = await FreshVisma.StartAsync();
        using var control = fresh.Api.Anonymous();

        using var response = await control.PutAsync("_control/settings", Wire.Raw(json));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        fresh.Api.Simulator.Settings.ShouldBe(new VismaSettings());
    }
}
