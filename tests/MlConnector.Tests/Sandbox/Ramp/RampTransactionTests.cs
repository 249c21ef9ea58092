using System.Net;
using System.Text.Json;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampTransactionTests : RampTestBase
{
    [Theory]
    [InlineData("SYNC_READY")]
    [InlineData("NOT_SYNC_READY")]
    public async Task Transactions_SyncStatusFilter_ReturnsOnlyThatStatus(string syncStatus)
    {
        using var client = await ClientAsync("transactions:read");

        var items = await GetAllAsync(client, $"transactions?page_size=100&sync_status={syncStatus}");

        items.ShouldNotBeEmpty();
        items.ShouldAllBe(t => t.GetProperty("sync_status").GetString() == syncStatus);
    }

    [Fact]
    public async Task Transactions_ClearedOnesAreSyncReadyAtStart()
    {
        using var client = await ClientAsync("transactions:read");

        var ready = await GetAllAsync(client, "transactions?page_size=100&sync_status=SYNC_READY");

        ready.Count.ShouldBe(Simulator.Company.Transactions.Count(t => t.State == CardState.Cleared));
        ready.ShouldAllBe(t => t.GetProperty("state").GetString() == "CLEARED");
    }

    [Fact]
    public async Task Transactions_ByDefault_LeaveDeclinedOut_StateAllBringsThemIn()
    {
        using var client = await ClientAsync("transactions:read");

        var byDefault = await GetAllAsync(client, "transactions?page_size=100");
        var all = await GetAllAsync(client, "transactions?page_size=100&state=ALL");

        byDefault.ShouldNotContain(t => t.GetProperty("state").GetString() == "DECLINED");
        all.Count.ShouldBe(Simulator.Company.Transactions.Count);
        all.ShouldContain(t => t.GetProperty("state").GetString() == "DECLINED");
    }

    [Fact]
    public async Task Transactions_StateFilter_ReturnsOnlyThatState()
    {
        using var client = await ClientAsync("transactions:read");

        var pending = await GetAllAsync(client, "transactions?page_size=100&state=PENDING");

        pending.Count.ShouldBe(Simulator.Company.Transactions.Count(t => t.State == CardState.Pending));
        pending.ShouldAllBe(t => t.GetProperty("state").GetString() == "PENDING");
    }

    [Fact]
    public async Task Transactions_DateRange_KeepsOnlyTransactionsInside()
    {
        using var client = await ClientAsync("transactions:read");
        var from = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 10, 31, 23, 59, 59, TimeSpan.Zero);

        var items = await GetAllAsync(client, $"transactions?page_size=100&from_date=2026-10-01T00:00:00Z&to_date=2026-10-31T23:59:59Z");

        items.Count.ShouldBe(Simulator.Company.Transactions.Count(t => t.State != CardState.Declined && t.UserTransactionTime >= from && t.UserTransactionTime <= to));
        items.ShouldAllBe(t => t.GetProperty("user_transaction_time").GetDateTimeOffset() >= from && t.GetProperty("user_transaction_time").GetDateTimeOffset() <= to);
    }

    [Fact]
    public async Task Transactions_EntityFilter_KeepsOnlyThatEntity()
    {
        using var client = await ClientAsync("transactions:read", "entities:read");
        var entities = await GetAllAsync(client, "entities");
        var uk = entities.Single(e => e.GetProperty("currency").GetString() == "GBP").GetProperty("id").GetString();

        var items = await GetAllAsync(client, $"transactions?page_size=100&entity_id={uk}");

        items.Count.ShouldBe(Simulator.Company.Transactions.Count(t => t.LegalEntityId == "hpuk" && t.State != CardState.Declined));
        items.ShouldAllBe(t => t.GetProperty("entity_id").GetString() == uk && t.GetProperty("currency_code").GetString() == "GBP");
    }

    [Fact]
    public async Task Transactions_BadSyncStatus_Returns422()
    {
        using var client = await ClientAsync("transactions:read");

        var (status, body) = await GetAsync(client, "developer/v1/transactions?sync_status=DONE");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorCode(body).ShouldBe("DEVELOPER_7001");
    }

    [Fact]
    public async Task Transaction_Amount_IsMajorUnitsAndLineItemsMinorUnits()
    {
        using var client = await ClientAsync("transactions:read");
        var seed = Simulator.Company.Transactions.First(t => t.Lines.Count == 2);

        var (status, body) = await GetAsync(client, $"developer/v1/transactions/{seed.Id}");

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("amount").GetDecimal().ShouldBe(seed.Amount);
        var lines = body.GetProperty("line_items").EnumerateArray().ToList();
        lines.Count.ShouldBe(2);
        lines[0].GetProperty("amount").GetProperty("amount").GetInt64().ShouldBe((long)(seed.Lines[0].Amount * 100));
        lines[0].GetProperty("amount").GetProperty("currency_code").GetString().ShouldBe(seed.Currency);
        lines[0].GetProperty("accounting_field_selections").EnumerateArray()
            .ShouldContain(s => s.GetProperty("type").GetString() == "GL_ACCOUNT" && s.GetProperty("external_id").GetString() == seed.Lines[0].AccountNumber);
    }

    [Fact]
    public async Task Transaction_UnknownId_Returns404()
    {
        using var client = await ClientAsync("transactions:read");

        var (status, body) = await GetAsync(client, $"developer/v1/transactions/{Guid.NewGuid()}");

        status.ShouldBe(HttpStatusCode.NotFound);
        ErrorCode(body).ShouldBe("DEVELOPER_7002");
    }

    [Fact]
    public async Task Transactions_LegacySyncReadyFilters_StillSelectTheReadyQueue()
    {
        using var client = await ClientAsync("transactions:read");

        var legacy = await GetAllAsync(client, "transactions?page_size=100&sync_ready=true&has_no_sync_commits=true");

        legacy.Count.ShouldBe(Simulator.Company.Transactions.Count(t => t.State == CardState.Cleared));
        legacy.ShouldAllBe(t => t.GetProperty("sync_status").GetString() == "SYNC_READY");
    }

    [Fact]
    public async Task Transactions_SyncStatusSupersedesSyncReady()
    {
        using var client = await ClientAsync("transactions:read");

        var items = await GetAllAsync(client, "transactions?page_size=100&sync_ready=true&sync_status=NOT_SYNC_READY");

        items.ShouldNotBeEmpty();
        items.ShouldAllBe(t => t.GetProperty("sync_status").GetString() == "NOT_SYNC_READY");
    }
}
