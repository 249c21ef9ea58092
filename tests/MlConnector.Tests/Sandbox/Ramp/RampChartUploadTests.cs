using System.Net;
using System.Text.Json;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampChartUploadTests : RampTestBase
{
    [Fact]
    public async Task Accounts_Upload_Returns201WithRampIdsAndListsThem()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, body) = await PostAsync(client, "developer/v1/accounting/accounts",
            new { gl_accounts = new[] { GlAccount("6300", "SaaS subscriptions"), new { id = "2000", name = "Accounts payable", classification = "LIABILITY", code = "2000" } } });

        status.ShouldBe(HttpStatusCode.Created);
        var uploaded = body.GetProperty("uploaded").EnumerateArray().Select(u => u.GetString()).ToList();
        uploaded.Count.ShouldBe(2);
        var listed = await GetAllAsync(client, "accounting/accounts");
        listed.Select(a => a.GetProperty("ramp_id").GetString()).ShouldBe(uploaded, ignoreOrder: true);
        listed.Single(a => a.GetProperty("id").GetString() == "6300").GetProperty("classification").GetString().ShouldBe("EXPENSE");
        (await GetAllAsync(client, "accounting/accounts?remote_id=2000")).Single().GetProperty("name").GetString().ShouldBe("Accounts payable");
    }

    [Fact]
    public async Task Accounts_UploadEmptyBatch_Returns422()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, body) = await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = Array.Empty<object>() });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorCode(body).ShouldBe("DEVELOPER_7001");
    }

    [Fact]
    public async Task Accounts_UploadMoreThan500_Returns422AndStoresNothing()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/accounts",
            new { gl_accounts = Enumerable.Range(1, 501).Select(i => GlAccount($"A{i}")).ToArray() });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await GetAllAsync(client, "accounting/accounts")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Accounts_Upload500_IsAccepted()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, body) = await PostAsync(client, "developer/v1/accounting/accounts",
            new { gl_accounts = Enumerable.Range(1, 500).Select(i => GlAccount($"A{i}")).ToArray() });

        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("uploaded").GetArrayLength().ShouldBe(500);
    }

    [Fact]
    public async Task Accounts_OneItemWithBadClassification_RejectsTheWholeBatch()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/accounts",
            new { gl_accounts = new[] { GlAccount("6300"), GlAccount("6301", classification: "COST") } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await GetAllAsync(client, "accounting/accounts")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Accounts_OneItemWithoutName_RejectsTheWholeBatch()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/accounts",
            new { gl_accounts = new object[] { GlAccount("6300"), new { id = "6301", classification = "EXPENSE" } } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await GetAllAsync(client, "accounting/accounts")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Accounts_BatchWithAnAlreadyUploadedId_RejectsTheWholeBatch()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        (await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300") } })).Status.ShouldBe(HttpStatusCode.Created);

        var (status, body) = await PostAsync(client, "developer/v1/accounting/accounts",
            new { gl_accounts = new[] { GlAccount("6400"), GlAccount("6300") } });

        status.ShouldBe(HttpStatusCode.BadRequest);
        ErrorCode(body).ShouldStartWith("DEVELOPER_7");
        (await GetAllAsync(client, "accounting/accounts")).Select(a => a.GetProperty("id").GetString()).ShouldBe(["6300"]);
    }

    [Fact]
    public async Task Accounts_SameIdTwiceInOneBatch_Returns400()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300"), GlAccount("6300") } });

        status.ShouldBe(HttpStatusCode.BadRequest);
        (await GetAllAsync(client, "accounting/accounts")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Accounts_UploadWithoutConnection_Returns400()
    {
        using var client = await ClientAsync();

        var (status, _) = await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300") } });

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AccountingVendors_Upload_Returns201AndListsThem()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, body) = await PostAsync(client, "developer/v1/accounting/vendors",
            new { vendors = new[] { new { id = "V00001", name = "Summit Software" }, new { id = "V00002", name = "Granite Cloud" } } });

        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("uploaded").GetArrayLength().ShouldBe(2);
        (await GetAllAsync(client, "accounting/vendors")).Select(v => v.GetProperty("id").GetString()).ShouldBe(["V00001", "V00002"], ignoreOrder: true);
    }

    [Fact]
    public async Task AccountingVendors_BatchWithAnExistingId_RejectsTheWholeBatch()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        (await PostAsync(client, "developer/v1/accounting/vendors", new { vendors = new[] { new { id = "V00001", name = "A" } } })).Status.ShouldBe(HttpStatusCode.Created);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/vendors",
            new { vendors = new[] { new { id = "V00002", name = "B" }, new { id = "V00001", name = "A again" } } });

        status.ShouldBe(HttpStatusCode.BadRequest);
        (await GetAllAsync(client, "accounting/vendors")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AccountingVendors_ItemWithoutId_Returns422()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/vendors", new { vendors = new[] { new { name = "No id" } } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}
