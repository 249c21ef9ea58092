using System.Globalization;
using System.Net;
using System.Text.Json;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>List conventions (contract §4), on the read-only chart of accounts (149 accounts, max page 100).</summary>
public sealed class VismaPagingTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private const int Accounts = 149;
    private readonly VismaApi api = new(host);

    private static List<string> Numbers(JsonElement rows) => [.. rows.EnumerateArray().Select(r => r.GetProperty("accountCD").GetString()!)];

    private async Task<List<JsonElement>> AllAccountsAsync(HttpClient client) =>
    [
        .. (await client.GetJsonAsync("v1/account?pageNumber=1&pageSize=100")).EnumerateArray(),
        .. (await client.GetJsonAsync("v1/account?pageNumber=2&pageSize=100")).EnumerateArray(),
    ];

    [Fact]
    public async Task List_PageNumberAndPageSize_ReturnThatSlice()
    {
        using var client = await api.ClientAsync();
        var all = await AllAccountsAsync(client);

        var page = await client.GetJsonAsync("v1/account?pageNumber=3&pageSize=10");

        Numbers(page).ShouldBe(all.Skip(20).Take(10).Select(a => a.GetProperty("accountCD").GetString()!).ToList());
    }

    [Fact]
    public async Task List_EveryRecord_CarriesTotalCountAndMaxPageSize()
    {
        using var client = await api.ClientAsync();

        var page = await client.GetJsonAsync("v1/account?pageNumber=1&pageSize=5");

        page.EnumerateArray().ShouldAllBe(a => a.GetProperty("metadata").GetProperty("totalCount").GetInt32() == Accounts
            && a.GetProperty("metadata").GetProperty("maxPageSize").GetInt32() == 100);
    }

    [Fact]
    public async Task List_PageSizeAboveTheMax_IsClampedSilently()
    {
        using var client = await api.ClientAsync();

        var page = await client.GetJsonAsync("v1/account?pageNumber=1&pageSize=1000");

        page.GetArrayLength().ShouldBe(100);
    }

    [Fact]
    public async Task List_WithoutPaging_ReturnsOnlyTheFirstMaxPage()
    {
        using var client = await api.ClientAsync();

        (await client.GetJsonAsync("v1/account")).GetArrayLength().ShouldBe(100);
    }

    [Fact]
    public async Task List_LastPage_HasFewerRows_AndPastTheEndIsEmpty()
    {
        using var client = await api.ClientAsync();

        (await client.GetJsonAsync("v1/account?pageNumber=2&pageSize=100")).GetArrayLength().ShouldBe(Accounts - 100);
        (await client.GetJsonAsync("v1/account?pageNumber=3&pageSize=100")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task List_SkipRecordsAndNumberToRead_StillWork()
    {
        using var client = await api.ClientAsync();
        var all = await AllAccountsAsync(client);

        var page = await client.GetJsonAsync("v1/account?skipRecords=140&numberToRead=5");

        Numbers(page).ShouldBe(all.Skip(140).Take(5).Select(a => a.GetProperty("accountCD").GetString()!).ToList());
    }

    [Theory]
    [InlineData("pageNumber=0&pageSize=10")]
    [InlineData("pageNumber=1&pageSize=0")]
    [InlineData("pageNumber=one&pageSize=10")]
    [InlineData("pageNumber=1&skipRecords=10")]
    public async Task List_BadPaging_Is400(string query)
    {
        using var client = await api.ClientAsync();

        using var response = await client.GetAsync($"v1/account?{query}");

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_UnknownQueryParameter_IsIgnored()
    {
        using var client = await api.ClientAsync();

        // Misspelt filter: Visma returns the unfiltered list, and so does the sandbox.
        var page = await client.GetJsonAsync("v1/account?acountCD=6300&lastModifiedDate=2030-01-01&pageSize=100");

        page.GetArrayLength().ShouldBe(100);
    }

    [Theory]
    [InlineData(">", "2026-11-01")]
    [InlineData(">=", "2026-11-01 00:00:00")]
    [InlineData("<", "2026-11-01T00:00:00")]
    [InlineData("<=", "2026-11-01T00:00:00.000")]
    public async Task List_LastModifiedCondition_KeepsTheRowsOnThatSide(string condition, string value)
    {
        using var client = await api.ClientAsync();
        var limit = new DateTime(2026, 11, 1);
        var expected = (await AllAccountsAsync(client)).Where(a =>
        {
            var at = DateTime.Parse(a.GetProperty("lastModifiedDateTime").GetString()!, CultureInfo.InvariantCulture);
            return condition switch { ">" => at > limit, ">=" => at >= limit, "<" => at < limit, _ => at <= limit };
        }).Select(a => a.GetProperty("accountCD").GetString()!).ToList();

        var page = await client.GetJsonAsync(
            $"v1/account?lastModifiedDateTime={Uri.EscapeDataString(value)}&lastModifiedDateTimeCondition={Uri.EscapeDataString(condition)}&pageSize=100");

        expected.Count.ShouldBeInRange(1, Accounts - 1);
        Numbers(page).ShouldBe(expected.Take(100).ToList());
        page[0].GetProperty("metadata").GetProperty("totalCount").GetInt32().ShouldBe(expected.Count);
    }

    [Fact]
    public async Task List_LastModifiedOnANewRecord_FindsItAtItsOwnTimestamp()
    {
        using var client = await api.ClientAsync();
        var number = await VismaApi.CreateSupplierAsync(client, "Delta Read AS");
        var stamp = (await client.GetJsonAsync($"v1/supplier/{number}")).GetProperty("lastModifiedDateTime").GetString()!;

        var atOrAfter = await client.GetJsonAsync($"v1/supplier?lastModifiedDateTime={stamp}&lastModifiedDateTimeCondition=%3E%3D");
        var after = await client.GetJsonAsync($"v1/supplier?lastModifiedDateTime={stamp}&lastModifiedDateTimeCondition=%3E");

        atOrAfter.EnumerateArray().Select(s => s.GetProperty("number").GetString()).ShouldContain(number);
        after.EnumerateArray().Select(s => s.GetProperty("number").GetString()).ShouldNotContain(number);
    }

    [Theory]
    [InlineData("lastModifiedDateTime=2026-11-01")]
    [InlineData("lastModifiedDateTimeCondition=%3E")]
    [InlineData("lastModifiedDateTime=2026-11-01&lastModifiedDateTimeCondition=%3D")]
    [InlineData("lastModifiedDateTime=01.11.2026&lastModifiedDateTimeCondition=%3E")]
    public async Task List_BadLastModifiedFilter_Is400(string query)
    {
        using var client = await api.ClientAsync();

        using var response = await client.GetAsync($"v1/account?{query}");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("lastModifiedDateTime");
    }

    [Fact]
    public async Task List_CreatedDateTimeCondition_FiltersToo()
    {
        using var client = await api.ClientAsync();
        var number = await VismaApi.CreateSupplierAsync(client, "Created Filter AS");
        var stamp = (await client.GetJsonAsync($"v1/supplier/{number}")).GetProperty("createdDateTime").GetString()!;

        var page = await client.GetJsonAsync($"v1/supplier?createdDateTime={stamp}&createdDateTimeCondition=%3E%3D&pageSize=100");

        // Seeded suppliers were created months before: only the ones created by tests remain.
        page.EnumerateArray().Select(s => s.GetProperty("number").GetString()).ShouldContain(number);
        page.GetArrayLength().ShouldBeLessThan(10);
        page.EnumerateArray().ShouldAllBe(s => string.CompareOrdinal(s.GetProperty("createdDateTime").GetString(), stamp) >= 0);
    }
}
