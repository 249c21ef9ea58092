using System.Net;
using System.Text.Json;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampBillVendorTests : RampTestBase
{
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
        vendors.Select(v => v.GetProperty("name").GetString()).ShouldBe(Simulator.Company.Vendors.Select(RampVendorNames.Of), ignoreOrder: true);
    }

    [Fact]
    public async Task Vendor_PatchAccountingVendorRemoteId_LinksItToTheUploadedVendor()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var seed = Simulator.Company.Vendors[0];
        (await PostAsync(client, "developer/v1/accounting/vendors", new { vendors = new[] { new { id = seed.Number, name = seed.Name } } }))
            .Status.ShouldBe(HttpStatusCode.Created);
        var vendor = (await GetAllAsync(client, "vendors?page_size=100")).Single(v => v.GetProperty("name").GetString() == RampVendorNames.Of(seed));
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

    [Fact]
    public async Task Bills_EntityFilter_KeepsOnlyThatEntity()
    {
        using var client = await ClientAsync("bills:read", "entities:read");
        var norway = (await GetAllAsync(client, "entities")).Single(e => e.GetProperty("currency").GetString() == "NOK").GetProperty("id").GetString();

        var bills = await GetAllAsync(client, $"bills?page_size=100&entity_id={norway}");

        bills.Count.ShouldBe(Simulator.Company.Bills.Count(b => b.LegalEntityId == "hpno" && b.Status != BillStatus.Draft));
        bills.ShouldAllBe(b => b.GetProperty("entity_id").GetString() == norway && b.GetProperty("amount").GetProperty("currency_code").GetString() == "NOK");
    }

    [Fact]
    public async Task Bills_VendorFilter_KeepsOnlyThatVendorsBills()
    {
        using var client = await ClientAsync("bills:read");
        var seed = Simulator.Company.Bills.First(b => b.Status != BillStatus.Draft);
        var vendorId = (await GetAsync(client, $"developer/v1/bills/{seed.Id}")).Body.GetProperty("vendor").GetProperty("id").GetString();

        var bills = await GetAllAsync(client, $"bills?page_size=100&vendor_id={vendorId}");

        bills.Count.ShouldBe(Simulator.Company.Bills.Count(b => b.VendorNumber == seed.VendorNumber && b.Status != BillStatus.Draft));
        bills.ShouldAllBe(b => b.GetProperty("vendor").GetProperty("id").GetString() == vendorId);
    }
}
