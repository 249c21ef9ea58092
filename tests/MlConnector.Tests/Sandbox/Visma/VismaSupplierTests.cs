using System.Net;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary><c>/v1/supplier</c>: unwrapped reads, wrapped writes, 201 + Location, 204 on update (contract §3, §6.1).</summary>
public sealed class VismaSupplierTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private readonly VismaApi api = new(host);

    [Fact]
    public async Task List_ReturnsTheCompanysVendors_UnwrappedWithMetadata()
    {
        using var client = await api.ClientAsync();
        var vendor = api.Supplier();

        var suppliers = await client.GetJsonAsync("v1/supplier?pageNumber=1&pageSize=100");

        var first = suppliers.EnumerateArray().Single(s => s.GetProperty("number").GetString() == vendor.Number);
        first.GetProperty("name").GetString().ShouldBe(vendor.Name);
        first.GetProperty("currencyId").GetString().ShouldBe("NOK");
        first.GetProperty("mainAddress").GetProperty("city").GetString().ShouldBe(vendor.City);
        first.GetProperty("metadata").GetProperty("maxPageSize").GetInt32().ShouldBe(100);
        first.GetProperty("metadata").GetProperty("totalCount").GetInt32().ShouldBeGreaterThanOrEqualTo(
            api.Simulator.Company.Vendors.Count(v => v.LegalEntityId == "hpno"));
    }

    [Fact]
    public async Task Get_KnownNumber_ReturnsTheSupplier()
    {
        using var client = await api.ClientAsync();
        var vendor = api.Supplier(1);

        var supplier = await client.GetJsonAsync($"v1/supplier/{vendor.Number}");

        supplier.GetProperty("name").GetString().ShouldBe(vendor.Name);
        supplier.GetProperty("status").GetString().ShouldBe("Active");
        supplier.GetProperty("mainContact").GetProperty("email").GetString().ShouldBe(vendor.Email);
    }

    [Fact]
    public async Task Get_UnknownNumber_Is404IppException()
    {
        using var client = await api.ClientAsync();

        using var response = await client.GetAsync("v1/supplier/NOPE123");

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_WrappedBody_Is201WithLocation_AndReadsBackUnwrapped()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplier", Wire.Body(new
        {
            name = Wire.V("Fjordkaffe AS"),
            corporateId = Wire.V("987654321"),
            mainAddress = Wire.V(new { addressLine1 = Wire.V("Kaigata 1"), city = Wire.V("Bergen"), countryId = Wire.V("NO") }),
            mainContact = Wire.V(new { email = Wire.V("faktura@fjordkaffe.example") }),
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var location = response.Headers.Location!;
        location.IsAbsoluteUri.ShouldBeTrue();
        location.AbsolutePath.ShouldStartWith("/sandbox/visma/v1/supplier/");
        var supplier = await client.GetJsonAsync(location.AbsoluteUri);
        supplier.GetProperty("name").GetString().ShouldBe("Fjordkaffe AS");
        supplier.GetProperty("corporateId").GetString().ShouldBe("987654321");
        supplier.GetProperty("mainAddress").GetProperty("city").GetString().ShouldBe("Bergen");
        supplier.GetProperty("mainContact").GetProperty("email").GetString().ShouldBe("faktura@fjordkaffe.example");
        supplier.GetProperty("status").GetString().ShouldBe("Active");
    }

    [Fact]
    public async Task Create_WithoutNumber_TakesTheNextFromTheNumberSeries()
    {
        using var client = await api.ClientAsync();

        var first = await VismaApi.CreateSupplierAsync(client, "Series One AS");
        var second = await VismaApi.CreateSupplierAsync(client, "Series Two AS");

        int.Parse(second[1..]).ShouldBe(int.Parse(first[1..]) + 1);
    }

    [Fact]
    public async Task Create_WithNumber_KeepsIt()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplier", Wire.Body(new { number = Wire.V("NO-777"), name = Wire.V("Own Number AS") }));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.Segments[^1].ShouldBe("NO-777");
    }

    [Fact]
    public async Task Create_UnwrappedScalar_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplier", Wire.Raw("""{"name":"Bare Name AS"}"""));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("wrapped");
    }

    [Fact]
    public async Task Create_WithoutName_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplier", Wire.Body(new { currencyId = Wire.V("NOK") }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("name");
    }

    [Fact]
    public async Task Create_ExistingNumber_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplier", Wire.Body(new { number = Wire.V(api.Supplier().Number), name = Wire.V("Copy AS") }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("already exists");
    }

    [Fact]
    public async Task Create_UnknownStatus_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplier", Wire.Body(new { name = Wire.V("Status AS"), status = Wire.V("Sleeping") }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("status");
    }

    [Fact]
    public async Task Create_MalformedJson_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PostAsync("v1/supplier", Wire.Raw("""{"name":{"value":"Broken"""));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("JSON");
    }

    [Fact]
    public async Task Update_ChangesOnlyTheFieldsSent_Is204()
    {
        using var client = await api.ClientAsync();
        var number = await VismaApi.CreateSupplierAsync(client, "Before Rename AS");
        using (await client.PutAsync($"v1/supplier/{number}", Wire.Body(new { mainContact = Wire.V(new { email = Wire.V("ap@before.example") }) }))) { }
        var before = await client.GetJsonAsync($"v1/supplier/{number}");

        using var response = await client.PutAsync($"v1/supplier/{number}", Wire.Body(new { name = Wire.V("After Rename AS") }));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await client.GetJsonAsync($"v1/supplier/{number}");
        after.GetProperty("name").GetString().ShouldBe("After Rename AS");
        after.GetProperty("mainContact").GetProperty("email").GetString().ShouldBe("ap@before.example");
        after.GetProperty("timeStamp").GetString().ShouldNotBe(before.GetProperty("timeStamp").GetString());
    }

    [Fact]
    public async Task Update_UnknownSupplier_Is404()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PutAsync("v1/supplier/NOPE123", Wire.Body(new { name = Wire.V("Ghost AS") }));

        await response.ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_FilterByName_ReturnsThatSupplier()
    {
        using var client = await api.ClientAsync();
        var vendor = api.Supplier(2);

        var suppliers = await client.GetJsonAsync($"v1/supplier?name={Uri.EscapeDataString(vendor.Name)}");

        suppliers.EnumerateArray().Select(s => s.GetProperty("number").GetString()).ShouldBe([vendor.Number]);
    }

    [Fact]
    public async Task Create_NumberTakenByHand_IsSkippedByTheSeries()
    {
        using var client = await api.ClientAsync();
        var last = int.Parse((await VismaApi.CreateSupplierAsync(client, "Series Before AS"))[1..]);
        (await client.PostAsync("v1/supplier", Wire.Body(new { number = Wire.V($"V{last + 1:00000}"), name = Wire.V("By Hand AS") })))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var next = await VismaApi.CreateSupplierAsync(client, "Series After AS");

        next.ShouldBe($"V{last + 2:00000}");
    }
}
