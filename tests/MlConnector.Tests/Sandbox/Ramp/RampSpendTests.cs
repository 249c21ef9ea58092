using System.Net;
using System.Text.Json;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampSpendTests : RampTestBase
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
    public async Task Bills_SyncReady_ListsApprovedAndPaidBillsButNoDrafts()
    {
        using var client = await ClientAsync("bills:read");

        var ready = await GetAllAsync(client, "bills?page_size=100&sync_ready=true");

        ready.Count.ShouldBe(Simulator.Company.Bills.Count(b => b.Status != BillStatus.Draft));
        ready.ShouldAllBe(b => b.GetProperty("sync_status").GetString() == "NOT_SYNCED");
        var drafts = Simulator.Company.Bills.Where(b => b.Status == BillStatus.Draft).Select(b => b.Id).ToHashSet();
        ready.ShouldNotContain(b => drafts.Contains(b.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Bills_StatusAndAmount_MirrorTheSeedInMinorUnits()
    {
        using var client = await ClientAsync("bills:read");
        var paid = Simulator.Company.Bills.First(b => b.Status == BillStatus.Paid);
        var open = Simulator.Company.Bills.First(b => b.Status == BillStatus.Approved);

        var (_, paidBody) = await GetAsync(client, $"developer/v1/bills/{paid.Id}");
        var (_, openBody) = await GetAsync(client, $"developer/v1/bills/{open.Id}");

        paidBody.GetProperty("status").GetString().ShouldBe("PAID");
        paidBody.GetProperty("payment").ValueKind.ShouldBe(JsonValueKind.Object);
        openBody.GetProperty("status").GetString().ShouldBe("OPEN");
        openBody.GetProperty("payment").ValueKind.ShouldBe(JsonValueKind.Null);
        openBody.GetProperty("amount").GetProperty("amount").GetInt64().ShouldBe((long)(open.Amount * 100));
        openBody.GetProperty("amount").GetProperty("currency_code").GetString().ShouldBe(open.Currency);
    }

    [Fact]
    public async Task Bills_PaymentStatusFilter_ReturnsOnlyPaid()
    {
        using var client = await ClientAsync("bills:read");

        var paid = await GetAllAsync(client, "bills?page_size=100&payment_status=PAID");

        paid.Count.ShouldBe(Simulator.Company.Bills.Count(b => b.Status == BillStatus.Paid));
        paid.ShouldAllBe(b => b.GetProperty("status").GetString() == "PAID");
    }

    [Fact]
    public async Task Bill_Draft_Returns404Developer7002()
    {
        using var client = await ClientAsync("bills:read");
        var draft = Simulator.Company.Bills.First(b => b.Status == BillStatus.Draft);

        var (status, body) = await GetAsync(client, $"developer/v1/bills/{draft.Id}");

        status.ShouldBe(HttpStatusCode.NotFound);
        ErrorCode(body).ShouldBe("DEVELOPER_7002");
    }

    [Fact]
    public async Task Bills_BadSyncStatus_Returns422()
    {
        using var client = await ClientAsync("bills:read");

        var (status, _) = await GetAsync(client, "developer/v1/bills?sync_status=SYNCED");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Vendors_OnePerCompanyVendor_WithoutAccountingLinkAtFirst()
    {
        using var client = await ClientAsync("vendors:read");

        var vendors = await GetAllAsync(client, "vendors?page_size=100");

        vendors.Count.ShouldBe(Simulator.Company.Vendors.Count);
        vendors.ShouldAllBe(v => v.GetProperty("accounting_vendor_remote_id").ValueKind == JsonValueKind.Null);
        vendors.Select(v => v.GetProperty("name").GetString()).ShouldBe(Simulator.Company.Vendors.Select(v => v.Name), ignoreOrder: true);
    }

    [Fact]
    public async Task Vendor_PatchAccountingVendorRemoteId_LinksItToTheUploadedVendor()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var seed = Simulator.Company.Vendors[0];
        (await PostAsync(client, "developer/v1/accounting/vendors", new { vendors = new[] { new { id = seed.Number, name = seed.Name } } }))
            .Status.ShouldBe(HttpStatusCode.Created);
        var vendor = (await GetAllAsync(client, "vendors?page_size=100")).Single(v => v.GetProperty("name").GetString() == seed.Name);
        var id = vendor.GetProperty("id").GetString();

        var (status, body) = await SendAsync(client, HttpMethod.Patch, $"developer/v1/vendors/{id}", new { accounting_vendor_remote_id = seed.Number });

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("accounting_vendor_remote_id").GetString().ShouldBe(seed.Number);
        (await GetAsync(client, $"developer/v1/vendors/{id}")).Body.GetProperty("accounting_vendor_remote_id").GetString().ShouldBe(seed.Number);
    }

    [Fact]
    public async Task Vendor_PatchRemoteIdNotUploaded_Returns400()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var id = (await GetAllAsync(client, "vendors?page_size=100"))[0].GetProperty("id").GetString();

        var (status, _) = await SendAsync(client, HttpMethod.Patch, $"developer/v1/vendors/{id}", new { accounting_vendor_remote_id = "V-NOT-UPLOADED" });

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Vendor_PatchBothLinkKinds_Returns422()
    {
        using var client = await ClientAsync();
        var id = (await GetAllAsync(client, "vendors?page_size=100"))[0].GetProperty("id").GetString();

        var (status, _) = await SendAsync(client, HttpMethod.Patch, $"developer/v1/vendors/{id}",
            new { accounting_vendor_remote_id = "V00001", vendor_tracking_category_option_id = Guid.NewGuid() });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Vendor_PatchWithReadOnlyScope_Returns403()
    {
        using var client = await ClientAsync("vendors:read");
        var id = (await GetAllAsync(client, "vendors?page_size=100"))[0].GetProperty("id").GetString();

        var (status, _) = await SendAsync(client, HttpMethod.Patch, $"developer/v1/vendors/{id}", new { accounting_vendor_remote_id = "V00001" });

        status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Vendor_UnknownId_Returns404()
    {
        using var client = await ClientAsync("vendors:read");

        (await GetAsync(client, $"developer/v1/vendors/{Guid.NewGuid()}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("purchase-orders")]
    [InlineData("purchase_orders")]
    public async Task PurchaseOrders_ListEverySeededOrder(string path)
    {
        using var client = await ClientAsync("purchase_orders:read");

        var orders = await GetAllAsync(client, $"{path}?page_size=100");

        orders.Count.ShouldBe(Simulator.Company.PurchaseOrders.Count);
        var seed = Simulator.Company.PurchaseOrders[0];
        var order = orders.Single(o => o.GetProperty("id").GetString() == seed.Id);
        order.GetProperty("amount").GetProperty("amount").GetInt64().ShouldBe((long)(seed.Lines.Sum(l => l.Amount) * 100));
        order.GetProperty("line_items").GetArrayLength().ShouldBe(seed.Lines.Count);
    }

    [Fact]
    public async Task Entities_AreTheThreeLegalEntities_UsPrimary()
    {
        using var client = await ClientAsync("entities:read");

        var entities = await GetAllAsync(client, "entities");

        entities.Select(e => e.GetProperty("currency").GetString()).ShouldBe(["USD", "GBP", "NOK"], ignoreOrder: true);
        entities.Single(e => e.GetProperty("is_primary").GetBoolean()).GetProperty("currency").GetString().ShouldBe("USD");
    }

    [Fact]
    public async Task Ids_SameSeed_SameIdsOnAnotherHost()
    {
        using var client = await ClientAsync("vendors:read");
        var other = new MlConnector.Tests.Infrastructure.SandboxHost();
        await other.InitializeAsync();
        try
        {
            using var otherClient = other.ClientFor("ramp");
            otherClient.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(otherClient, "vendors:read"));

            var mine = (await GetAllAsync(client, "vendors?page_size=100")).Select(v => v.GetProperty("id").GetString()).ToList();
            var theirs = (await GetAllAsync(otherClient, "vendors?page_size=100")).Select(v => v.GetProperty("id").GetString()).ToList();

            mine.ShouldNotBeEmpty();
            theirs.ShouldBe(mine);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reset_RestoresTheSeededState()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var ready = (await GetAllAsync(client, "transactions?page_size=100&sync_status=SYNC_READY"))[0].GetProperty("id").GetString();
        (await PostAsync(client, "developer/v1/accounting/syncs", new
        {
            idempotency_key = Key(), sync_type = "TRANSACTION_SYNC", successful_syncs = new[] { new { id = ready, reference_id = "JE-1" } },
        })).Status.ShouldBe(HttpStatusCode.Created);

        (await Anonymous.PostAsync("_control/reset", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await GetAsync(client, $"developer/v1/transactions/{ready}")).Body.GetProperty("sync_status").GetString().ShouldBe("SYNC_READY");
        (await GetAsync(client, "developer/v1/accounting/all-connections")).Body.GetProperty("connections").GetArrayLength().ShouldBe(0);
    }
}
