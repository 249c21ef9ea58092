using System.Net;
using System.Text.Json;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampCustomFieldTests : RampTestBase
{
    private static async Task<string> CreateFieldAsync(HttpClient client)
    {
        var (status, body) = await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" });
        status.ShouldBe(HttpStatusCode.Created);
        return body.GetProperty("ramp_id").GetString()!;
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
}
