using System.Net;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampBillSyncTests : RampTestBase
{
    [Fact]
    public async Task BillSync_OpenBill_BecomesBillSyncedAndLeavesSyncReady()
    {
        using var client = await ConnectedAsync();
        var bill = Simulator.Company.Bills.First(b => b.Status == BillStatus.Approved).Id;

        (await SyncAsync(client, "BILL_SYNC", bill)).Status.ShouldBe(HttpStatusCode.Created);

        var body = (await GetAsync(client, $"developer/v1/bills/{bill}")).Body;
        body.GetProperty("sync_status").GetString().ShouldBe("BILL_SYNCED");
        body.GetProperty("remote_id").GetString().ShouldBe("ERP-" + bill[..8]);
        (await GetAllAsync(client, "bills?page_size=100&sync_ready=true")).ShouldNotContain(b => b.GetProperty("id").GetString() == bill);
    }

    [Fact]
    public async Task BillSync_AlreadyBillSynced_IsRejected()
    {
        using var client = await ConnectedAsync();
        var bill = Simulator.Company.Bills.First(b => b.Status == BillStatus.Approved).Id;
        (await SyncAsync(client, "BILL_SYNC", bill)).Status.ShouldBe(HttpStatusCode.Created);

        (await SyncAsync(client, "BILL_SYNC", bill)).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BillSync_DraftBill_IsRejected()
    {
        using var client = await ConnectedAsync();

        var (status, _) = await SyncAsync(client, "BILL_SYNC", Simulator.Company.Bills.First(b => b.Status == BillStatus.Draft).Id);

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BillPaymentSync_OpenBill_IsRejected()
    {
        using var client = await ConnectedAsync();
        var bill = Simulator.Company.Bills.First(b => b.Status == BillStatus.Approved).Id;
        (await SyncAsync(client, "BILL_SYNC", bill)).Status.ShouldBe(HttpStatusCode.Created);

        (await SyncAsync(client, "BILL_PAYMENT_SYNC", bill)).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await GetAsync(client, $"developer/v1/bills/{bill}")).Body.GetProperty("sync_status").GetString().ShouldBe("BILL_SYNCED");
    }

    [Fact]
    public async Task BillPaymentSync_PaidBillBeforeItsBillSync_IsRejected()
    {
        using var client = await ConnectedAsync();
        var bill = Simulator.Company.Bills.First(b => b.Status == BillStatus.Paid).Id;

        (await SyncAsync(client, "BILL_PAYMENT_SYNC", bill)).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TwoPhase_PaidBill_SyncsBillThenPaymentAndLeavesTheQueue()
    {
        using var client = await ConnectedAsync();
        var bill = Simulator.Company.Bills.First(b => b.Status == BillStatus.Paid).Id;

        (await SyncAsync(client, "BILL_SYNC", bill)).Status.ShouldBe(HttpStatusCode.Created);
        var paymentQueue = await GetAllAsync(client, "bills?page_size=100&sync_status=BILL_SYNCED&sync_ready=true");
        paymentQueue.Select(b => b.GetProperty("id").GetString()).ShouldBe([bill]);
        (await SyncAsync(client, "BILL_PAYMENT_SYNC", bill)).Status.ShouldBe(HttpStatusCode.Created);

        (await GetAsync(client, $"developer/v1/bills/{bill}")).Body.GetProperty("sync_status").GetString().ShouldBe("BILL_AND_PAYMENT_SYNCED");
        (await GetAllAsync(client, "bills?page_size=100&sync_ready=true")).ShouldNotContain(b => b.GetProperty("id").GetString() == bill);
    }

    [Fact]
    public async Task MarkPaid_BillSyncedOpenBill_ReturnsToSyncReadyForItsPayment()
    {
        using var client = await ConnectedAsync();
        var bill = Simulator.Company.Bills.First(b => b.Status == BillStatus.Approved).Id;
        (await SyncAsync(client, "BILL_SYNC", bill)).Status.ShouldBe(HttpStatusCode.Created);

        (await Anonymous.PostAsync($"_control/bills/{bill}/pay", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var body = (await GetAsync(client, $"developer/v1/bills/{bill}")).Body;
        body.GetProperty("status").GetString().ShouldBe("PAID");
        (await GetAllAsync(client, "bills?page_size=100&sync_status=BILL_SYNCED&sync_ready=true")).Select(b => b.GetProperty("id").GetString()).ShouldBe([bill]);
        (await SyncAsync(client, "BILL_PAYMENT_SYNC", bill)).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ApproveDraft_BillAppearsAndJoinsTheSyncQueue()
    {
        using var client = await ConnectedAsync();
        var draft = Simulator.Company.Bills.First(b => b.Status == BillStatus.Draft).Id;
        (await GetAsync(client, $"developer/v1/bills/{draft}")).Status.ShouldBe(HttpStatusCode.NotFound);

        (await Anonymous.PostAsync($"_control/bills/{draft}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await GetAsync(client, $"developer/v1/bills/{draft}")).Body.GetProperty("status").GetString().ShouldBe("OPEN");
        (await GetAllAsync(client, "bills?page_size=100&sync_ready=true")).ShouldContain(b => b.GetProperty("id").GetString() == draft);
        (await SyncAsync(client, "BILL_SYNC", draft)).Status.ShouldBe(HttpStatusCode.Created);
    }
}
