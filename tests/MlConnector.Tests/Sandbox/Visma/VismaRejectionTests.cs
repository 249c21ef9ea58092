using System.Net;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary>
/// The remaining refusals, one case each: malformed write values, line rules, and list parameters. Each
/// answers 400 IPPException naming what is wrong (the main rules have their own tests beside their resource).
/// </summary>
public sealed class VismaRejectionTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private const string Supplier = "{SUPPLIER}";
    private readonly VismaApi api = new(host);

    [Theory]
    [InlineData("v1/supplier", """[{"name":{"value":"Array AS"}}]""", "JSON object")]
    [InlineData("v1/supplier", """{"name":{"value":{"first":"Nested"}}}""", "must hold a string")]
    [InlineData("v1/supplier", """{"name":{"value":"Address AS"},"mainAddress":{"value":"Kaigata 1"}}""", "must hold an object")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"hold":{"value":"yes"}}""", "true or false")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"date":{"value":"31/12/2026"}}""", "date")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":{"operation":"Insert"}}""", "must be an array")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":["6300"]}""", "array of objects")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":[{"operation":"Insert","accountNumber":{"value":"6300"},"quantity":{"value":"two"}}]}""", "must hold a number")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":[{"operation":"Update","accountNumber":{"value":"6300"}}]}""", "operation 'Insert'")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":[{"operation":"Insert","quantity":{"value":1}}]}""", "accountNumber' is required")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":[{"operation":"Insert","accountNumber":{"value":"6300"},"subaccount":[{"segmentId":3,"segmentValue":"X"}]}]}""", "segment 3 does not exist")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":[{"operation":"Insert","accountNumber":{"value":"6300"},"subaccount":[{"segmentId":1,"segmentValue":"D010"},{"segmentId":1,"segmentValue":"D020"}]}]}""", "given twice")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":[{"operation":"Insert","accountNumber":{"value":"6300"},"subaccount":[{"segmentId":"1","value":"D010"}]}]}""", "segmentValue")]
    [InlineData("v1/supplierInvoice", """{"supplierNumber":{"value":"{SUPPLIER}"},"invoiceLines":[{"operation":"Insert","accountNumber":{"value":"6300"},"unitCostInCurrency":{"value":1e400}}]}""", "must hold a number")]
    [InlineData("v1/purchaseorder", """{"orderType":{"value":"RegularOrder"}}""", "'supplier' is required")]
    [InlineData("v1/purchaseorder", """{"supplier":{"value":"{SUPPLIER}"},"orderNumber":{"value":"{ORDER}"}}""", "already exists")]
    [InlineData("v1/purchaseorder", """{"supplier":{"value":"{SUPPLIER}"},"lines":[{"operation":"Delete","account":{"value":"6300"}}]}""", "operation 'Insert'")]
    public async Task Post_BadBody_Is400(string path, string json, string why)
    {
        using var client = await api.ClientAsync();
        var order = api.Simulator.Company.PurchaseOrders.First(p => p.LegalEntityId == "hpno").Number;

        using var response = await client.PostAsync(path, Wire.Raw(json.Replace(Supplier, api.Supplier().Number).Replace("{ORDER}", order)));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain(why);
    }

    [Theory]
    [InlineData("""{"invoiceLines":[{"operation":"Update","lineNumber":{"value":9},"quantity":{"value":2}}]}""", "Line 9 does not exist")]
    [InlineData("""{"invoiceLines":[{"operation":"Delete","lineNumber":{"value":9}}]}""", "Line 9 does not exist")]
    [InlineData("""{"invoiceLines":[{"operation":"Replace","lineNumber":{"value":1}}]}""", "Insert, Update or Delete")]
    [InlineData("""{"invoiceLines":[{"operation":"Update","lineNumber":{"value":1.5},"quantity":{"value":2}}]}""", "whole number")]
    [InlineData("""{"supplierNumber":{"value":"V99999"}}""", "V99999")]
    public async Task Put_BadInvoiceChange_Is400_AndTheInvoiceIsUnchanged(string json, string why)
    {
        using var client = await api.ClientAsync();
        using var created = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(api.Supplier().Number, $"R-{Guid.NewGuid():N}"[..18])));
        var location = created.Headers.Location!.AbsoluteUri;
        var before = await client.GetStringAsync(location);

        using var response = await client.PutAsync(location, Wire.Raw(json));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain(why);
        (await client.GetStringAsync(location)).ShouldBe(before);
    }

    [Fact]
    public async Task Release_InvoiceWithoutLines_IsAFailedAction()
    {
        using var client = await api.ClientAsync();
        using var created = await client.PostAsync("v1/supplierInvoice", Wire.Body(new
        {
            supplierNumber = Wire.V(api.Supplier().Number), hold = Wire.V(false),
        }));

        using var response = await client.PostAsync($"{created.Headers.Location!.AbsoluteUri}/action/release", null);

        (await response.JsonAsync()).GetProperty("errorInfo").GetString()!.ShouldContain("no lines");
    }

    [Fact]
    public async Task Delete_UnknownInvoice_Is404()
    {
        using var client = await api.ClientAsync();

        await (await client.DeleteAsync("v1/supplierInvoice/999999")).ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutSegment_ValueMissing_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PutAsync("v1/dimension/SUBACCOUNT/1", Wire.Raw("""{"segmentValues":[{"operation":"Insert","description":{"value":"No id"}}]}"""));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("'value'");
    }

    [Theory]
    [InlineData("v1/account?active=maybe", "active")]
    [InlineData("v1/account?skipRecords=-1", "skipRecords")]
    [InlineData("v1/account?numberToRead=0", "pageSize")]
    [InlineData("v1/supplierInvoice?dueDate=2026-12-01", "dueDateCondition")]
    [InlineData("v1/purchaseorder?orderDate=2026-12-01&orderDateCondition=%3E%3E", "orderDateCondition")]
    public async Task List_BadParameter_Is400(string path, string why)
    {
        using var client = await api.ClientAsync();

        (await (await client.GetAsync(path)).ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain(why);
    }
}
