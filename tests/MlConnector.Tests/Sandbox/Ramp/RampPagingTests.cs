using System.Net;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampPagingTests : RampTestBase
{
    [Theory]
    [InlineData("1")]
    [InlineData("101")]
    [InlineData("0")]
    [InlineData("ten")]
    public async Task List_PageSizeOutsideTwoToHundred_Returns422Developer7001(string pageSize)
    {
        using var client = await ClientAsync();

        var (status, body) = await GetAsync(client, $"developer/v1/transactions?page_size={pageSize}");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorCode(body).ShouldBe("DEVELOPER_7001");
        body.GetProperty("error_v2").GetProperty("message").GetString().ShouldBe("Value must be between 2 and 100");
        body.GetProperty("error_v2").GetProperty("additional_info").TryGetProperty("page_size", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task List_WithoutPageSize_ReturnsTwentyAndANextUrl()
    {
        using var client = await ClientAsync();

        var (status, body) = await GetAsync(client, "developer/v1/transactions");

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("data").GetArrayLength().ShouldBe(20);
        body.GetProperty("page").GetProperty("next").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task List_PageNext_IsAFullUrlRepeatingTheQueryWithStart()
    {
        using var client = await ClientAsync();

        var (_, body) = await GetAsync(client, "developer/v1/transactions?page_size=3&sync_status=SYNC_READY");

        var next = new Uri(body.GetProperty("page").GetProperty("next").GetString()!);
        next.IsAbsoluteUri.ShouldBeTrue();
        next.AbsolutePath.ShouldBe("/sandbox/ramp/developer/v1/transactions");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(next.Query);
        query["page_size"].ToString().ShouldBe("3");
        query["sync_status"].ToString().ShouldBe("SYNC_READY");
        query["start"].ToString().ShouldBe(body.GetProperty("data")[2].GetProperty("id").GetString());
    }

    [Fact]
    public async Task List_FollowingNextToTheEnd_ReturnsEveryItemExactlyOnce()
    {
        using var client = await ClientAsync();
        var expected = Simulator.Company.Transactions.Count(t => t.State != MlConnector.Sandbox.Seed.CardState.Declined);

        var all = await GetAllAsync(client, "transactions?page_size=37");

        all.Count.ShouldBe(expected);
        all.Select(t => t.GetProperty("id").GetString()).Distinct().Count().ShouldBe(expected);
    }

    [Fact]
    public async Task List_LastPage_HasNullNext()
    {
        using var client = await ClientAsync();

        var (_, body) = await GetAsync(client, "developer/v1/entities?page_size=100");

        body.GetProperty("data").GetArrayLength().ShouldBe(3);
        body.GetProperty("page").GetProperty("next").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task List_UnknownQueryParameter_IsIgnored()
    {
        using var client = await ClientAsync();

        var (status, _) = await GetAsync(client, "developer/v1/bills?no_such_filter=1");

        status.ShouldBe(HttpStatusCode.OK);
    }
}
