using System.Net;
using System.Text;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Visma;

/// <summary><c>/v1/account</c> and <c>/v1/dimension</c>: the codes invoices are posted to (contract §6.3, §6.4).</summary>
public sealed class VismaLedgerTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private readonly VismaApi api = new(host);

    private static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    [Theory]
    [InlineData("1010", "Operating account", "Asset")]
    [InlineData("3000", "Share capital", "Liability")]
    [InlineData("4000", "Advisory fees", "Income")]
    [InlineData("6300", "SaaS subscriptions", "Expense")]
    public async Task Account_Get_MapsTheSharedChartToVismaTypes(string number, string description, string type)
    {
        using var client = await api.ClientAsync();

        var account = await client.GetJsonAsync($"v1/account/{number}");

        account.GetProperty("accountCD").GetString().ShouldBe(number);
        account.GetProperty("description").GetString().ShouldBe(description);
        account.GetProperty("type").GetString().ShouldBe(type);
        account.GetProperty("active").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Account_GetUnknown_Is404()
    {
        using var client = await api.ClientAsync();

        await (await client.GetAsync("v1/account/9999")).ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Account_ActiveFalse_ListsTheClosedAccounts()
    {
        using var client = await api.ClientAsync();

        var closed = await client.GetJsonAsync("v1/account?active=false");

        closed.EnumerateArray().Select(a => a.GetProperty("description").GetString()).ShouldBe(["Petty cash", "Print advertising"], ignoreOrder: true);
    }

    [Fact]
    public async Task Account_GreaterThanValue_StartsAfterIt()
    {
        using var client = await api.ClientAsync();

        var accounts = await client.GetJsonAsync("v1/account?greaterThanValue=7100");

        accounts.EnumerateArray().Select(a => a.GetProperty("accountCD").GetString()).First().ShouldBe("7101");
    }

    [Fact]
    public async Task Dimension_List_HasSubaccountWithDepartmentAndCostCentreSegments()
    {
        using var client = await api.ClientAsync();

        var dimensions = await client.GetJsonAsync("v1/dimension");

        var subaccount = dimensions.EnumerateArray().Single();
        subaccount.GetProperty("id").GetString().ShouldBe("SUBACCOUNT");
        var segments = subaccount.GetProperty("segments");
        segments[0].GetProperty("segmentId").GetInt32().ShouldBe(1);
        segments[0].GetProperty("description").GetString().ShouldBe("Department");
        // Other tests of this class add values: the seeded ones must all be there.
        Enumerable.Range(1, 12).Select(i => $"D{i * 10:000}")
            .ShouldBeSubsetOf(segments[0].GetProperty("segmentValues").EnumerateArray().Select(v => v.GetProperty("valueId").GetString()!));
        segments[1].GetProperty("segmentId").GetInt32().ShouldBe(2);
        Enumerable.Range(100, 20).Select(i => $"CC{i}")
            .ShouldBeSubsetOf(segments[1].GetProperty("segmentValues").EnumerateArray().Select(v => v.GetProperty("valueId").GetString()!));
        subaccount.GetProperty("metadata").GetProperty("totalCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Dimension_GetSegment_ListsItsValuesWithActiveFlag()
    {
        using var client = await api.ClientAsync();

        var segment = await client.GetJsonAsync("v1/dimension/SUBACCOUNT/2");

        var closed = segment.GetProperty("segmentValues").EnumerateArray().Single(v => v.GetProperty("valueId").GetString() == Wire.ClosedCostCenter);
        closed.GetProperty("active").GetBoolean().ShouldBeFalse();
        closed.GetProperty("description").GetString().ShouldBe("Closed: Dublin office");
    }

    [Fact]
    public async Task Dimension_GetValue_TakesTheIdBase64Encoded()
    {
        using var client = await api.ClientAsync();

        var value = await client.GetJsonAsync($"v1/dimension/SUBACCOUNT/1/{Uri.EscapeDataString(Base64(Wire.Department))}");

        value.GetProperty("valueId").GetString().ShouldBe(Wire.Department);
        value.GetProperty("description").GetString().ShouldBe("Advisory");
    }

    [Fact]
    public async Task Dimension_GetValue_NotBase64_Is400()
    {
        using var client = await api.ClientAsync();

        await (await client.GetAsync("v1/dimension/SUBACCOUNT/1/D0%2A10")).ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Dimension_GetByPublicId_FindsTheValue()
    {
        using var client = await api.ClientAsync();
        var publicId = (await client.GetJsonAsync($"v1/dimension/SUBACCOUNT/1/{Uri.EscapeDataString(Base64(Wire.Department))}")).GetProperty("publicId").GetString();

        var value = await client.GetJsonAsync($"v1/dimension/publicid/{publicId}");

        value.GetProperty("valueId").GetString().ShouldBe(Wire.Department);
    }

    [Theory]
    [InlineData("v1/dimension/PROJECT")]
    [InlineData("v1/dimension/SUBACCOUNT/3")]
    [InlineData("v1/dimension/SUBACCOUNT/1/RDk5OQ==")]
    public async Task Dimension_GetUnknown_Is404(string path)
    {
        using var client = await api.ClientAsync();

        await (await client.GetAsync(path)).ShouldBeIppExceptionAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Dimension_PutInsertValue_Is204_AndTheValueCanBePostedTo()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PutAsync("v1/dimension/SUBACCOUNT/1", Wire.Body(new
        {
            segmentValues = new[] { new { operation = "Insert", value = Wire.V("D130"), description = Wire.V("Sales ops"), active = Wire.V(true) } },
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetJsonAsync($"v1/dimension/SUBACCOUNT/1/{Base64("D130")}")).GetProperty("description").GetString().ShouldBe("Sales ops");
        using var invoice = await client.PostAsync("v1/supplierInvoice",
            Wire.Body(Wire.Invoice(api.Supplier().Number, $"DIM-{Guid.NewGuid():N}"[..16], Wire.Line(department: "D130"))));
        invoice.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Dimension_PutUpdateValue_CanDeactivateIt()
    {
        using var client = await api.ClientAsync();
        (await client.PutAsync("v1/dimension/SUBACCOUNT/2", Wire.Body(new
        {
            segmentValues = new[] { new { operation = "Insert", value = Wire.V("CC500"), description = Wire.V("Pop-up office") } },
        }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var response = await client.PutAsync("v1/dimension/SUBACCOUNT/2", Wire.Body(new
        {
            segmentValues = new[] { new { operation = "Update", value = Wire.V("CC500"), active = Wire.V(false) } },
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetJsonAsync($"v1/dimension/SUBACCOUNT/2/{Base64("CC500")}")).GetProperty("active").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [InlineData("Insert", "D010", "already exists")]
    [InlineData("Insert", "D12345", "longer than")]
    [InlineData("Update", "D777", "does not exist")]
    [InlineData("Delete", "D010", "operation")]
    public async Task Dimension_PutBadValue_Is400(string operation, string value, string why)
    {
        using var client = await api.ClientAsync();

        using var response = await client.PutAsync("v1/dimension/SUBACCOUNT/1", Wire.Body(new
        {
            segmentValues = new[] { new { operation, value = Wire.V(value), description = Wire.V("Bad") } },
        }));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain(why);
    }

    [Fact]
    public async Task Dimension_PutUnwrappedValue_Is400()
    {
        using var client = await api.ClientAsync();

        using var response = await client.PutAsync("v1/dimension/SUBACCOUNT/1", Wire.Raw("""{"segmentValues":[{"operation":"Insert","value":"D140"}]}"""));

        (await response.ShouldBeIppExceptionAsync(HttpStatusCode.BadRequest)).ShouldContain("wrapped");
    }
}
