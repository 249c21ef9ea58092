using System.Net;
using System.Text.Json;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampAccountingTests : RampTestBase
{
    [Fact]
    public async Task Connection_Register_Returns201LinkedAndActive()
    {
        using var client = await ClientAsync();

        var (status, body) = await PostAsync(client, "developer/v1/accounting/connection", new { remote_provider_name = "Dynamics 365" });

        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("status").GetString().ShouldBe("linked");
        body.GetProperty("is_active").GetBoolean().ShouldBeTrue();
        body.GetProperty("remote_provider_name").GetString().ShouldBe("Dynamics 365");
        (await GetAsync(client, "developer/v1/accounting/connection")).Body.GetProperty("id").GetString().ShouldBe(body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Connection_SecondWhileOneIsActive_Returns400()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, body) = await PostAsync(client, "developer/v1/accounting/connection", new { remote_provider_name = "Other ERP" });

        status.ShouldBe(HttpStatusCode.BadRequest);
        ErrorCode(body).ShouldStartWith("DEVELOPER_7");
    }

    [Fact]
    public async Task Connection_MissingProviderName_Returns422()
    {
        using var client = await ClientAsync();

        var (status, body) = await PostAsync(client, "developer/v1/accounting/connection", new { reactivate = false });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorCode(body).ShouldBe("DEVELOPER_7001");
    }

    [Fact]
    public async Task Connection_PostWithoutBody_Returns400Developer7011()
    {
        using var client = await ClientAsync();

        using var response = await client.PostAsync("developer/v1/accounting/connection", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErrorCode(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement).ShouldBe("DEVELOPER_7011");
    }

    [Fact]
    public async Task Connection_Delete_UnlinksItAndAllowsANewOne()
    {
        using var client = await ClientAsync();
        var first = await ConnectAsync(client);

        (await SendAsync(client, HttpMethod.Delete, "developer/v1/accounting/connection")).Status.ShouldBe(HttpStatusCode.NoContent);
        var second = await ConnectAsync(client, "Second ERP");

        var connections = (await GetAsync(client, "developer/v1/accounting/all-connections")).Body.GetProperty("connections").EnumerateArray().ToList();
        connections.Count.ShouldBe(2);
        connections.Single(c => c.GetProperty("id").GetString() == first).GetProperty("status").GetString().ShouldBe("unlinked");
        connections.Single(c => c.GetProperty("id").GetString() == second).GetProperty("is_active").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Connection_DeleteWithNoneActive_Returns404()
    {
        using var client = await ClientAsync();

        (await SendAsync(client, HttpMethod.Delete, "developer/v1/accounting/connection")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

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
    public async Task Chart_BelongsToItsConnection_NewConnectionStartsEmpty()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        (await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300") } })).Status.ShouldBe(HttpStatusCode.Created);

        (await SendAsync(client, HttpMethod.Delete, "developer/v1/accounting/connection")).Status.ShouldBe(HttpStatusCode.NoContent);
        await ConnectAsync(client, "Next ERP");

        (await GetAllAsync(client, "accounting/accounts")).ShouldBeEmpty();
        (await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300") } })).Status.ShouldBe(HttpStatusCode.Created);
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

    [Fact]
    public async Task Fields_Create_Returns201AndRepostingTheIdReturnsTheSameField()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, first) = await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE", is_splittable = true });
        var (again, second) = await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" });

        status.ShouldBe(HttpStatusCode.Created);
        again.ShouldBe(HttpStatusCode.Created);
        second.GetProperty("ramp_id").GetString().ShouldBe(first.GetProperty("ramp_id").GetString());
        (await GetAllAsync(client, "accounting/fields")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Fields_BadInputType_Returns422()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "DROPDOWN" });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task FieldOptions_Upload_Returns201AndListsThemForTheirField()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var field = await CreateFieldAsync(client);

        var (status, body) = await PostAsync(client, "developer/v1/accounting/field-options",
            new { field_id = field, options = new[] { new { id = "D010", value = "Advisory" }, new { id = "D020", value = "Technology" } } });

        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("uploaded").GetArrayLength().ShouldBe(2);
        (await GetAllAsync(client, $"accounting/field-options?field_id={field}")).Select(o => o.GetProperty("value").GetString())
            .ShouldBe(["Advisory", "Technology"], ignoreOrder: true);
    }

    [Fact]
    public async Task FieldOptions_ListWithoutFieldId_Returns422()
    {
        using var client = await ClientAsync();

        var (status, body) = await GetAsync(client, "developer/v1/accounting/field-options");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorCode(body).ShouldBe("DEVELOPER_7001");
    }

    [Fact]
    public async Task FieldOptions_UnknownField_Returns400()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/field-options",
            new { field_id = Guid.NewGuid(), options = new[] { new { id = "D010", value = "Advisory" } } });

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task FieldOptions_BatchWithAnExistingId_RejectsTheWholeBatch()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var field = await CreateFieldAsync(client);
        (await PostAsync(client, "developer/v1/accounting/field-options", new { field_id = field, options = new[] { new { id = "D010", value = "Advisory" } } }))
            .Status.ShouldBe(HttpStatusCode.Created);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/field-options",
            new { field_id = field, options = new[] { new { id = "D020", value = "Technology" }, new { id = "D010", value = "Advisory" } } });

        status.ShouldBe(HttpStatusCode.BadRequest);
        (await GetAllAsync(client, $"accounting/field-options?field_id={field}")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task FieldOptions_OptionWithoutValue_Returns422()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var field = await CreateFieldAsync(client);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/field-options", new { field_id = field, options = new[] { new { id = "D010" } } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Codings_AfterUpload_SelectionsCarryTheUploadedRampIds()
    {
        using var client = await ClientAsync();
        await ConnectAsync(client);
        var seed = Simulator.Company.Transactions.First(t => t.Lines.Count == 1);
        var (_, upload) = await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount(seed.Lines[0].AccountNumber) } });

        var (_, transaction) = await GetAsync(client, $"developer/v1/transactions/{seed.Id}");

        transaction.GetProperty("accounting_field_selections").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "GL_ACCOUNT").GetProperty("id").GetString()
            .ShouldBe(upload.GetProperty("uploaded")[0].GetString());
    }

    private static async Task<string> CreateFieldAsync(HttpClient client)
    {
        var (status, body) = await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" });
        status.ShouldBe(HttpStatusCode.Created);
        return body.GetProperty("ramp_id").GetString()!;
    }
}
