using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlConnector.Sandbox.Visma;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>After create: update, release, delete, and optimistic concurrency with ETag / If-Match (contract §2, §3, §6.2).</summary>
public sealed class VismaInvoiceLifecycleTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private readonly VismaApi api = new(host);

    private static string Reference() => $"L-{Guid.NewGuid():N}"[..18];

    private static async Task<string> CreateAsync(HttpClient client, string supplier, bool hold)
    {
        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(new
        {
            supplierNumber = Wire.V(supplier), supplierReference = Wire.V(Reference()), hold = Wire.V(hold),
            invoiceLines = new[] { Wire.Line() },
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return response.Headers.Location!.Segments[^1];
    }

    private static async Task<JsonElement> ReleaseAsync(HttpClient client, string number)
    {
        using var response = await client.PostAsync($"v1/supplierInvoice/{number}/action/release", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Update_HeaderAndLines_Is204_AndOnlyChangesWhatWasSent()
    {
        using var client = await api.ClientAsync();
        var reference = Reference();
        using var created = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(api.Supplier().Number, reference)));
        var location = created.Headers.Location!.AbsoluteUri;

        using var response = await client.PutAsync(location, Wire.Body(new
        {
            hold = Wire.V(false),
            invoiceLines = new object[] { Wire.Line(unitCost: 50), new { operation = "Update", lineNumber = Wire.V(1), quantity = Wire.V(3) } },
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var invoice = await client.GetJsonAsync(location);
        invoice.GetProperty("status").GetString().ShouldBe("Balanced");
        invoice.GetProperty("supplierReference").GetString().ShouldBe(reference);
        invoice.GetProperty("invoiceLines").GetArrayLength().ShouldBe(2);
        invoice.GetProperty("amount").GetDecimal().ShouldBe(350m);
    }

    [Fact]
    public async Task Update_ToAnotherInvoicesSupplierReference_Is400()
    {
        using var client = await api.ClientAsync();
        var (supplier, taken) = (api.Supplier().Number, Reference());
        (await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, taken)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var second = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, Reference())));

        using var response = await client.PutAsync(second.Headers.Location!.AbsoluteUri, Wire.Body(new { supplierReference = Wire.V(taken) }));

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Update_UnknownInvoice_Is404()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PutAsync("v1/supplierInvoice/999999", Wire.Body(new { hold = Wire.V(false) }));

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Release_BalancedInvoice_IsDone_AndTheInvoiceIsOpen()
    {
        using var client = await api.ClientAsync();
        var number = await CreateAsync(client, api.Supplier().Number, hold: false);

        var result = await ReleaseAsync(client, number);

        result.GetProperty("actionResult").GetString().ShouldBe("Done");
        (await client.GetJsonAsync($"v1/supplierInvoice/{number}")).GetProperty("status").GetString().ShouldBe("Open");
        (await client.GetJsonAsync("v1/supplierInvoice?released=1&pageSize=100")).EnumerateArray()
            .Select(i => i.GetProperty("referenceNumber").GetString()).ShouldContain(number);
    }

    [Fact]
    public async Task Release_InvoiceOnHold_IsAFailedAction_AndStaysOnHold()
    {
        using var client = await api.ClientAsync();
        var number = await CreateAsync(client, api.Supplier().Number, hold: true);

        var result = await ReleaseAsync(client, number);

        result.GetProperty("actionResult").GetString().ShouldBe("Failed");
        result.GetProperty("errorInfo").GetString()!.ShouldContain("on hold");
        (await client.GetJsonAsync($"v1/supplierInvoice/{number}")).GetProperty("status").GetString().ShouldBe("Hold");
    }

    [Fact]
    public async Task Release_Twice_IsAFailedAction()
    {
        using var client = await api.ClientAsync();
        var number = await CreateAsync(client, api.Supplier().Number, hold: false);
        await ReleaseAsync(client, number);

        (await ReleaseAsync(client, number)).GetProperty("errorInfo").GetString()!.ShouldContain("already released");
    }

    [Fact]
    public async Task Release_InvoiceOnHold_WhenActionFailuresAre400_Is400()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using (var control = fresh.Api.Anonymous())
            (await control.PutAsJsonAsync("_control/settings", new VismaSettings { ActionFailuresAs400 = true })).EnsureSuccessStatusCode();
        using var client = await fresh.Api.ClientAsync();
        var number = await CreateAsync(client, fresh.Api.Supplier().Number, hold: true);

        using var response = await client.PostAsync($"v1/supplierInvoice/{number}/action/release", null);

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("on hold");
    }

    [Fact]
    public async Task Release_UnknownInvoice_Is404()
    {
        using var client = await api.ClientAsync();

        await (await client.PostAsync("v1/supplierInvoice/999999/action/release", null)).ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_ReleasedInvoice_Is400()
    {
        using var client = await api.ClientAsync();
        var number = await CreateAsync(client, api.Supplier().Number, hold: false);
        await ReleaseAsync(client, number);

        using var response = await client.PutAsync($"v1/supplierInvoice/{number}", Wire.Body(new { description = Wire.V("Too late") }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("released");
    }

    [Fact]
    public async Task Delete_InvoiceNotReleased_Is204_AndItIsGone()
    {
        using var client = await api.ClientAsync();
        var number = await CreateAsync(client, api.Supplier().Number, hold: true);

        using var response = await client.DeleteAsync($"v1/supplierInvoice/{number}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"v1/supplierInvoice/{number}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_ReleasedInvoice_Is400()
    {
        using var client = await api.ClientAsync();
        var number = await CreateAsync(client, api.Supplier().Number, hold: false);
        await ReleaseAsync(client, number);

        using var response = await client.DeleteAsync($"v1/supplierInvoice/{number}");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("released");
    }

    [Fact]
    public async Task Delete_WithoutDeleteScope_Is403()
    {
        using var client = await api.ClientAsync(scope: $"{VismaSandboxApp.ReadScope} {VismaSandboxApp.CreateScope} {VismaSandboxApp.UpdateScope}");
        var number = await CreateAsync(client, api.Supplier().Number, hold: true);

        using var response = await client.DeleteAsync($"v1/supplierInvoice/{number}");

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.Forbidden)).ShouldContain(VismaSandboxApp.DeleteScope);
    }

    [Fact]
    public async Task Get_ById_ReturnsETagEqualToTimeStamp()
    {
        using var client = await api.ClientAsync();
        var number = await CreateAsync(client, api.Supplier().Number, hold: true);

        using var response = await client.GetAsync($"v1/supplierInvoice/{number}");

        var timeStamp = (await response.JsonAsync()).GetProperty("timeStamp").GetString();
        response.Headers.ETag!.Tag.ShouldBe($"\"{timeStamp}\"");
    }

    [Fact]
    public async Task Update_WithCurrentIfMatch_Is204_AndWithStaleIfMatch_Is412()
    {
        using var client = await api.ClientAsync();
        var number = await CreateAsync(client, api.Supplier().Number, hold: true);
        using var read = await client.GetAsync($"v1/supplierInvoice/{number}");
        var etag = read.Headers.ETag!;

        using var first = new HttpRequestMessage(HttpMethod.Put, $"v1/supplierInvoice/{number}") { Content = Wire.Body(new { description = Wire.V("First") }) };
        first.Headers.IfMatch.Add(etag);
        using var second = new HttpRequestMessage(HttpMethod.Put, $"v1/supplierInvoice/{number}") { Content = Wire.Body(new { description = Wire.V("Second") }) };
        second.Headers.IfMatch.Add(etag);

        (await client.SendAsync(first)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.SendAsync(second)).ShouldBeIppExceptionAsync(HttpStatusCode.PreconditionFailed);
        (await client.GetJsonAsync($"v1/supplierInvoice/{number}")).GetProperty("description").GetString().ShouldBe("First");
    }

    [Fact]
    public async Task UpdateSupplier_WithStaleIfMatch_Is412()
    {
        using var client = await api.ClientAsync();
        var number = await VismaApi.CreateSupplierAsync(client, "Concurrent Edit AS");
        using var read = await client.GetAsync($"v1/supplier/{number}");
        (await client.PutAsync($"v1/supplier/{number}", Wire.Body(new { name = Wire.V("Edited Elsewhere AS") }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"v1/supplier/{number}") { Content = Wire.Body(new { name = Wire.V("Mine AS") }) };
        stale.Headers.IfMatch.Add(read.Headers.ETag!);

        await (await client.SendAsync(stale)).ShouldBeIppExceptionAsync(HttpStatusCode.PreconditionFailed);
    }
}
