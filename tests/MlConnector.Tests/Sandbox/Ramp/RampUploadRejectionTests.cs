using System.Net;
using System.Net.Http.Json;

namespace MlConnector.Tests.Sandbox.Ramp;

/// <summary>The test switch that makes Ramp refuse one item: any upload batch containing it fails whole with 422.</summary>
public sealed class RampUploadRejectionTests : RampTestBase
{
    [Fact]
    public async Task UploadRejection_SetOverControl_RefusesEveryBatchWithThatId_UntilReset()
    {
        using var client = await ConnectedAsync();
        using var set = await Anonymous.PostAsJsonAsync("_control/upload-rejections", new { remoteId = "6300", message = "Account is blocked for this entity" });
        set.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var (refused, body) = await PostAsync(client, "developer/v1/accounting/accounts",
            new { gl_accounts = new[] { GlAccount("6100"), GlAccount("6300"), GlAccount("6400") } });
        var (other, _) = await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6100") } });

        refused.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorCode(body).ShouldBe("DEVELOPER_7001");
        body.GetProperty("error_v2").GetProperty("message").GetString().ShouldBe("Account is blocked for this entity");
        body.GetProperty("error_v2").GetProperty("additional_info").TryGetProperty("gl_accounts.1", out _).ShouldBeTrue();
        other.ShouldBe(HttpStatusCode.Created);
        (await GetAllAsync(client, "accounting/accounts")).Select(a => a.GetProperty("id").GetString()).ShouldBe(["6100"]);

        (await Anonymous.PostAsync("_control/reset", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var again = await ConnectedAsync();
        (await PostAsync(again, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount("6300") } })).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task UploadRejection_AppliesToVendorsAndFieldOptionsToo()
    {
        using var client = await ConnectedAsync();
        Simulator.RejectUploadsOf("V-9", "Duplicate tax id");
        Simulator.RejectUploadsOf("D-9", "Value too long");
        var (_, field) = await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" });

        var (vendors, vendorBody) = await PostAsync(client, "developer/v1/accounting/vendors", new { vendors = new[] { new { id = "V-1", name = "A" }, new { id = "V-9", name = "B" } } });
        var (options, optionBody) = await PostAsync(client, "developer/v1/accounting/field-options",
            new { field_id = field.GetProperty("ramp_id").GetString(), options = new[] { new { id = "D-9", value = "Sales" } } });

        (vendors, options).ShouldBe((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity));
        vendorBody.GetProperty("error_v2").GetProperty("message").GetString().ShouldBe("Duplicate tax id");
        optionBody.GetProperty("error_v2").GetProperty("message").GetString().ShouldBe("Value too long");
    }
}
