using System.Net;

namespace MlConnector.Tests.Sandbox.Ramp;

/// <summary>Uploaded chart objects by Ramp id: soft delete, reactivate, rename/recode, hide.</summary>
public sealed class RampChartLifecycleTests : RampTestBase
{
    private static async Task<string> UploadAccountAsync(HttpClient client, string id = "6300")
    {
        var (status, body) = await PostAsync(client, "developer/v1/accounting/accounts",
            new { gl_accounts = new[] { new { id, name = "SaaS subscriptions", classification = "EXPENSE", code = id } } });
        status.ShouldBe(HttpStatusCode.Created);
        return body.GetProperty("uploaded")[0].GetString()!;
    }

    [Fact]
    public async Task Account_GetByRampId_ReturnsIt()
    {
        using var client = await ConnectedAsync();
        var rampId = await UploadAccountAsync(client);

        var (status, body) = await GetAsync(client, $"developer/v1/accounting/accounts/{rampId}");

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("id").GetString().ShouldBe("6300");
    }

    [Fact]
    public async Task Account_GetUnknownRampId_Returns404()
    {
        using var client = await ConnectedAsync();

        (await GetAsync(client, $"developer/v1/accounting/accounts/{Guid.NewGuid()}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Account_Delete_IsASoftDeleteUndoneByReactivate()
    {
        using var client = await ConnectedAsync();
        var rampId = await UploadAccountAsync(client);

        (await SendAsync(client, HttpMethod.Delete, $"developer/v1/accounting/accounts/{rampId}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await GetAllAsync(client, "accounting/accounts?is_active=false")).Single().GetProperty("ramp_id").GetString().ShouldBe(rampId);
        var (status, body) = await SendAsync(client, HttpMethod.Patch, $"developer/v1/accounting/accounts/{rampId}", new { reactivate = true });

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("is_active").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Account_DeletedIdReuploaded_IsStillRejectedAsExisting()
    {
        using var client = await ConnectedAsync();
        var rampId = await UploadAccountAsync(client);
        (await SendAsync(client, HttpMethod.Delete, $"developer/v1/accounting/accounts/{rampId}")).Status.ShouldBe(HttpStatusCode.NoContent);

        var (status, _) = await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300") } });

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Account_PatchNameAndEmptyCode_RenamesAndResetsTheCode()
    {
        using var client = await ConnectedAsync();
        var rampId = await UploadAccountAsync(client);

        var (status, body) = await SendAsync(client, HttpMethod.Patch, $"developer/v1/accounting/accounts/{rampId}", new { name = "Software", code = "" });

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("name").GetString().ShouldBe("Software");
        body.GetProperty("code").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Account_PatchReactivateFalse_Returns422()
    {
        using var client = await ConnectedAsync();
        var rampId = await UploadAccountAsync(client);

        (await SendAsync(client, HttpMethod.Patch, $"developer/v1/accounting/accounts/{rampId}", new { reactivate = false })).Status
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task AccountingVendor_DeleteThenReactivate_RoundTrips()
    {
        using var client = await ConnectedAsync();
        var (_, upload) = await PostAsync(client, "developer/v1/accounting/vendors", new { vendors = new[] { new { id = "V00001", name = "Summit Software" } } });
        var rampId = upload.GetProperty("uploaded")[0].GetString();

        (await SendAsync(client, HttpMethod.Delete, $"developer/v1/accounting/vendors/{rampId}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await GetAsync(client, $"developer/v1/accounting/vendors/{rampId}")).Body.GetProperty("is_active").GetBoolean().ShouldBeFalse();
        (await SendAsync(client, HttpMethod.Patch, $"developer/v1/accounting/vendors/{rampId}", new { reactivate = true })).Status.ShouldBe(HttpStatusCode.OK);

        (await GetAsync(client, $"developer/v1/accounting/vendors/{rampId}")).Body.GetProperty("is_active").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task FieldOption_PatchHidden_StaysActiveButHidden()
    {
        using var client = await ConnectedAsync();
        var field = (await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" }))
            .Body.GetProperty("ramp_id").GetString();
        var option = (await PostAsync(client, "developer/v1/accounting/field-options", new { field_id = field, options = new[] { new { id = "D010", value = "Advisory" } } }))
            .Body.GetProperty("uploaded")[0].GetString();

        var (status, body) = await SendAsync(client, HttpMethod.Patch, $"developer/v1/accounting/field-options/{option}", new { visibility = "HIDDEN" });

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("visibility").GetString().ShouldBe("HIDDEN");
        body.GetProperty("is_active").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task FieldOption_PatchUnknownVisibility_Returns422()
    {
        using var client = await ConnectedAsync();
        var field = (await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" }))
            .Body.GetProperty("ramp_id").GetString();
        var option = (await PostAsync(client, "developer/v1/accounting/field-options", new { field_id = field, options = new[] { new { id = "D010", value = "Advisory" } } }))
            .Body.GetProperty("uploaded")[0].GetString();

        (await SendAsync(client, HttpMethod.Patch, $"developer/v1/accounting/field-options/{option}", new { visibility = "GONE" })).Status
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Field_DeleteThenRepostSameId_ReactivatesIt()
    {
        using var client = await ConnectedAsync();
        var field = (await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" }))
            .Body.GetProperty("ramp_id").GetString();

        (await SendAsync(client, HttpMethod.Delete, $"developer/v1/accounting/fields/{field}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await GetAsync(client, $"developer/v1/accounting/fields/{field}")).Body.GetProperty("is_active").GetBoolean().ShouldBeFalse();
        var (_, again) = await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" });

        again.GetProperty("ramp_id").GetString().ShouldBe(field);
        again.GetProperty("is_active").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Field_PatchDisplayName_ChangesIt()
    {
        using var client = await ConnectedAsync();
        var field = (await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" }))
            .Body.GetProperty("ramp_id").GetString();

        var (status, body) = await SendAsync(client, HttpMethod.Patch, $"developer/v1/accounting/fields/{field}", new { display_name = "Dept." });

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("display_name").GetString().ShouldBe("Dept.");
    }
}
