using System.Net;
using System.Net.Http.Json;
using MlConnector.Sandbox.Visma;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary><c>/v1/supplierInvoice</c>: the connector's main write (contract §6.2), and each way it is refused.</summary>
public sealed class VismaSupplierInvoiceTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private readonly VismaApi api = new(host);

    private static string Reference() => $"INV-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Create_SupplierThenInvoice_Is201WithLocation_AndReadsBackUnwrapped()
    {
        using var client = await api.ClientAsync();
        var supplier = await VismaApi.CreateSupplierAsync(client, "Ramp Vendor AS");
        var reference = Reference();

        using var response = await client.PostAsync("v1/supplierInvoice",
            Wire.Body(Wire.Invoice(supplier, reference, Wire.Line(description: "Laptop", quantity: 2, unitCost: 100.5m))));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var invoice = await client.GetJsonAsync(response.Headers.Location!.AbsoluteUri);
        invoice.GetProperty("referenceNumber").GetString().ShouldBe(response.Headers.Location.Segments[^1]);
        invoice.GetProperty("supplier").GetProperty("number").GetString().ShouldBe(supplier);
        invoice.GetProperty("supplier").GetProperty("name").GetString().ShouldBe("Ramp Vendor AS");
        invoice.GetProperty("supplierReference").GetString().ShouldBe(reference);
        invoice.GetProperty("documentType").GetString().ShouldBe("Invoice");
        invoice.GetProperty("amount").GetDecimal().ShouldBe(201m);
        invoice.GetProperty("currencyId").GetString().ShouldBe("NOK");
        invoice.GetProperty("financialPeriod").GetString().ShouldBe("202611");
        invoice.GetProperty("postPeriod").GetString().ShouldBe("112026");
        invoice.GetProperty("metadata").GetProperty("totalCount").GetInt32().ShouldBe(1);
        var line = invoice.GetProperty("invoiceLines")[0];
        line.GetProperty("account").GetProperty("number").GetString().ShouldBe(Wire.ExpenseAccount);
        line.GetProperty("subaccount").GetProperty("subaccountNumber").GetString().ShouldBe($"{Wire.Department}-{Wire.CostCenter}");
        line.GetProperty("transactionDescription").GetString().ShouldBe("Laptop");
    }

    [Fact]
    public async Task Create_WithoutHold_StaysOnHold()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(api.Supplier().Number, Reference())));

        (await client.GetJsonAsync(response.Headers.Location!.AbsoluteUri)).GetProperty("status").GetString().ShouldBe("Hold");
    }

    [Fact]
    public async Task Create_HoldFalse_IsBalanced()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(new
        {
            supplierNumber = Wire.V(api.Supplier().Number), supplierReference = Wire.V(Reference()), hold = Wire.V(false), invoiceLines = new[] { Wire.Line() },
        }));

        (await client.GetJsonAsync(response.Headers.Location!.AbsoluteUri)).GetProperty("status").GetString().ShouldBe("Balanced");
    }

    [Fact]
    public async Task Get_ByDocumentTypeAndNumber_FindsIt()
    {
        using var client = await api.ClientAsync();
        using var created = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(api.Supplier().Number, Reference())));
        var number = created.Headers.Location!.Segments[^1];

        (await client.GetJsonAsync($"v1/supplierInvoice/Invoice/{number}")).GetProperty("referenceNumber").GetString().ShouldBe(number);
        (await client.GetAsync($"v1/supplierInvoice/CreditAdj/{number}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_UnknownSupplier_Is400_AndStoresNothing()
    {
        using var client = await api.ClientAsync();
        var reference = Reference();

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice("V99999", reference)));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("V99999");
        (await client.GetJsonAsync("v1/supplierInvoice?supplier=V99999")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Create_InactiveSupplier_Is400()
    {
        using var client = await api.ClientAsync();
        using var created = await client.PostAsync("v1/supplier", Wire.Body(new { name = Wire.V("Closed AS"), status = Wire.V("Inactive") }));
        var supplier = created.Headers.Location!.Segments[^1];

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, Reference())));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("inactive");
    }

    [Fact]
    public async Task Create_WithoutSupplierNumber_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(new { supplierReference = Wire.V(Reference()) }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("supplierNumber");
    }

    [Fact]
    public async Task Create_DuplicateSupplierReferenceForTheSameSupplier_Is400()
    {
        using var client = await api.ClientAsync();
        var (supplier, reference) = (api.Supplier().Number, Reference());
        (await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, reference)))).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, reference)));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("duplicate");
        (await client.GetJsonAsync($"v1/supplierInvoice?supplier={supplier}&pageSize=100")).EnumerateArray()
            .Count(i => i.GetProperty("supplierReference").GetString() == reference).ShouldBe(1);
    }

    [Fact]
    public async Task Create_SameSupplierReferenceForAnotherSupplier_Is201()
    {
        using var client = await api.ClientAsync();
        var reference = Reference();
        (await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(api.Supplier(0).Number, reference)))).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(api.Supplier(1).Number, reference)));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_DuplicateSupplierReference_WhenTheErpAllowsIt_Is201()
    {
        await using var fresh = await FreshVisma.StartAsync();
        using (var control = fresh.Api.Anonymous())
            (await control.PutAsJsonAsync("_control/settings", new VismaSettings { RejectDuplicateSupplierReference = false })).EnsureSuccessStatusCode();
        using var client = await fresh.Api.ClientAsync();
        var (supplier, reference) = (fresh.Api.Supplier().Number, Reference());
        (await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, reference)))).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, reference)));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("9999", "does not exist")]
    [InlineData(Wire.InactiveAccount, "inactive")]
    public async Task Create_LineOnBadAccount_Is400(string account, string why)
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplierInvoice",
            Wire.Body(Wire.Invoice(api.Supplier().Number, Reference(), Wire.Line(account: account))));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain(why);
    }

    [Theory]
    [InlineData("D999", Wire.CostCenter, "does not exist")]
    [InlineData(Wire.Department, "CC999", "does not exist")]
    [InlineData(Wire.Department, Wire.ClosedCostCenter, "inactive")]
    public async Task Create_LineOnBadSegmentValue_Is400(string department, string costCenter, string why)
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplierInvoice",
            Wire.Body(Wire.Invoice(api.Supplier().Number, Reference(), Wire.Line(department: department, costCenter: costCenter))));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain(why);
    }

    [Fact]
    public async Task Create_TransactionDescriptionOver30Characters_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplierInvoice",
            Wire.Body(Wire.Invoice(api.Supplier().Number, Reference(), Wire.Line(description: new string('x', 31)))));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("30");
    }

    [Fact]
    public async Task Create_UnwrappedLineField_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(new
        {
            supplierNumber = Wire.V(api.Supplier().Number),
            invoiceLines = new[] { new { operation = "Insert", accountNumber = Wire.ExpenseAccount } },
        }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("accountNumber");
    }

    [Fact]
    public async Task Create_UnknownDocumentType_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(new
        {
            documentType = Wire.V("Receipt"), supplierNumber = Wire.V(api.Supplier().Number),
        }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("documentType");
    }

    [Fact]
    public async Task List_FilterBySupplier_ReturnsOnlyTheirInvoices()
    {
        using var client = await api.ClientAsync();
        var supplier = await VismaApi.CreateSupplierAsync(client, "Filter Me AS");
        (await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, Reference())))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(api.Supplier().Number, Reference())))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var invoices = await client.GetJsonAsync($"v1/supplierInvoice?supplier={supplier}");

        invoices.GetArrayLength().ShouldBe(1);
        invoices[0].GetProperty("supplier").GetProperty("number").GetString().ShouldBe(supplier);
    }

    [Fact]
    public async Task Create_ReferenceNumberTakenByHand_IsSkippedByTheSeries()
    {
        using var client = await api.ClientAsync();
        var supplier = api.Supplier().Number;
        using var first = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, Reference())));
        var last = int.Parse(first.Headers.Location!.Segments[^1]);
        (await client.PostAsync("v1/supplierInvoice", Wire.Body(new
        {
            referenceNumber = Wire.V($"{last + 1:000000}"), supplierNumber = Wire.V(supplier), supplierReference = Wire.V(Reference()),
        }))).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var next = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, Reference())));

        next.Headers.Location!.Segments[^1].ShouldBe($"{last + 2:000000}");
    }

    [Fact]
    public async Task Create_ExistingReferenceNumber_Is400()
    {
        using var client = await api.ClientAsync();
        var supplier = api.Supplier().Number;
        using var first = await client.PostAsync("v1/supplierInvoice", Wire.Body(Wire.Invoice(supplier, Reference())));

        using var response = await client.PostAsync("v1/supplierInvoice", Wire.Body(new
        {
            referenceNumber = Wire.V(first.Headers.Location!.Segments[^1]), supplierNumber = Wire.V(supplier),
        }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("already exists");
    }
}
