using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.Ramp;

/// <summary>The simulator's success responses, for every implemented operation, against Ramp's own OpenAPI schemas.</summary>
public sealed partial class RampOpenApiTests : RampTestBase
{
    private sealed record World(string ConnectionId, string FieldId, string GlAccountId, string AccountingVendorId, string OptionId, string WebhookId, string Challenge, string BillId, string TransactionId,
        string VendorId, string EntityId, string PurchaseOrderId, string AccountNumber);

    public static TheoryData<string, string> Operations => new()
    {
        { "POST", "/developer/v1/token" },
        { "POST", "/developer/v1/token/revoke" },
        { "POST", "/developer/v1/accounting/connection" },
        { "GET", "/developer/v1/accounting/connection" },
        { "DELETE", "/developer/v1/accounting/connection" },
        { "GET", "/developer/v1/accounting/all-connections" },
        { "POST", "/developer/v1/accounting/connection/{connection_id}/reactivate" },
        { "GET", "/developer/v1/accounting/accounts" },
        { "POST", "/developer/v1/accounting/accounts" },
        { "GET", "/developer/v1/accounting/vendors" },
        { "POST", "/developer/v1/accounting/vendors" },
        { "GET", "/developer/v1/accounting/fields" },
        { "POST", "/developer/v1/accounting/fields" },
        { "GET", "/developer/v1/accounting/field-options" },
        { "POST", "/developer/v1/accounting/field-options" },
        { "POST", "/developer/v1/accounting/syncs" },
        { "GET", "/developer/v1/accounting/accounts/{gl_account_id}" },
        { "PATCH", "/developer/v1/accounting/accounts/{gl_account_id}" },
        { "DELETE", "/developer/v1/accounting/accounts/{gl_account_id}" },
        { "GET", "/developer/v1/accounting/vendors/{vendor_id}" },
        { "PATCH", "/developer/v1/accounting/vendors/{vendor_id}" },
        { "DELETE", "/developer/v1/accounting/vendors/{vendor_id}" },
        { "GET", "/developer/v1/accounting/fields/{field_id}" },
        { "PATCH", "/developer/v1/accounting/fields/{field_id}" },
        { "DELETE", "/developer/v1/accounting/fields/{field_id}" },
        { "GET", "/developer/v1/accounting/field-options/{field_option_id}" },
        { "PATCH", "/developer/v1/accounting/field-options/{field_option_id}" },
        { "DELETE", "/developer/v1/accounting/field-options/{field_option_id}" },
        { "GET", "/developer/v1/transactions" },
        { "GET", "/developer/v1/transactions/{transaction_id}" },
        { "GET", "/developer/v1/bills" },
        { "GET", "/developer/v1/bills/{bill_id}" },
        { "GET", "/developer/v1/vendors" },
        { "GET", "/developer/v1/vendors/{vendor_id}" },
        { "PATCH", "/developer/v1/vendors/{vendor_id}" },
        { "GET", "/developer/v1/purchase-orders" },
        { "GET", "/developer/v1/purchase-orders/{purchase_order_id}" },
        { "GET", "/developer/v1/entities" },
        { "GET", "/developer/v1/entities/{entity_id}" },
        { "POST", "/developer/v1/webhooks" },
        { "GET", "/developer/v1/webhooks" },
        { "GET", "/developer/v1/webhooks/{webhook_id}" },
        { "DELETE", "/developer/v1/webhooks/{webhook_id}" },
        { "POST", "/developer/v1/webhooks/{webhook_id}/verify" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Response_ImplementedOperation_MatchesRampsOpenApiSchema(string method, string path)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = await ClientAsync();
        var world = await PrepareAsync(client, receiver);
        var expected = SuccessStatus(method, path);

        var (status, body) = await CallAsync(client, world, receiver, method, path);

        ((int)status).ShouldBe(expected, $"{method} {path}: {body}");
        if (expected == 204 || !OpenApiValidator.Ramp.HasResponseBody(method, path, expected)) return;
        OpenApiValidator.Ramp.Validate(OpenApiValidator.Ramp.ResponseSchema(method, path, expected), body).ShouldBeEmpty($"{method} {path}");
    }

    [Fact]
    public void Operations_CoverEveryApiRouteTheSimulatorMaps()
    {
        var covered = Operations.Select(o => Key((string)o[0], (string)o[1])).ToHashSet();
        // Not in the 2025 spec: an alias of purchase-orders (validated through it) and the 2026 mock-event endpoint.
        string[] notInSpec = ["GET /developer/v1/purchase_orders", "GET /developer/v1/purchase_orders/{}", "POST /developer/v1/webhooks/mock-webhook-event"];

        var mapped = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/sandbox/ramp/developer/v1/", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains('*'))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => Key(m, e.RoutePattern.RawText!["/sandbox/ramp".Length..])))
            .ToList();

        mapped.Count.ShouldBeGreaterThan(20);
        mapped.Where(m => !covered.Contains(m) && !notInSpec.Contains(m)).ShouldBeEmpty();
    }

    [Fact]
    public void Validator_BillWithoutARequiredProperty_IsReported()
    {
        var bill = ValidBill();
        bill.Remove("status");

        Errors("Bill", bill).ShouldContain(e => e.Contains("missing required property 'status'"));
    }

    [Fact]
    public void Validator_WrongType_IsReported()
    {
        var bill = ValidBill();
        bill["amount"] = new Dictionary<string, object?> { ["amount"] = "12.50", ["currency_code"] = "USD" };

        Errors("Bill", bill).ShouldContain(e => e.Contains("$.amount.amount: expected integer"));
    }

    [Fact]
    public void Validator_EnumValueOutsideTheList_IsReported()
    {
        var bill = ValidBill();
        bill["status"] = "UNPAID";

        Errors("Bill", bill).ShouldContain(e => e.Contains("$.status"));
    }

    [Fact]
    public void Validator_ValidBill_HasNoErrors() => Errors("Bill", ValidBill()).ShouldBeEmpty();

    private static List<string> Errors(string schema, object instance) =>
        OpenApiValidator.Ramp.Validate(OpenApiValidator.Ramp.Schema(schema), JsonSerializer.SerializeToElement(instance));

    private static Dictionary<string, object?> ValidBill()
    {
        var money = new Dictionary<string, object?> { ["amount"] = 1250, ["currency_code"] = "USD" };
        var at = "2026-11-01T00:00:00+00:00";
        return new Dictionary<string, object?>
        {
            ["id"] = Guid.NewGuid(), ["amount"] = money, ["status"] = "OPEN", ["sync_status"] = "NOT_SYNCED", ["approval_status"] = "APPROVED",
            ["accounting_date"] = at, ["created_at"] = at, ["due_at"] = at, ["issued_at"] = at, ["archived_at"] = null, ["payment"] = null,
            ["entity_id"] = Guid.NewGuid(), ["fx_conversion_rate"] = "1.0", ["vendor_contact_id"] = null, ["invoice_urls"] = Array.Empty<string>(),
            ["accounting_field_selections"] = Array.Empty<object>(), ["line_items"] = Array.Empty<object>(), ["inventory_line_items"] = Array.Empty<object>(),
            ["bill_owner"] = new Dictionary<string, object?> { ["id"] = Guid.NewGuid() },
            ["vendor"] = new Dictionary<string, object?> { ["id"] = Guid.NewGuid(), ["name"] = "Summit Software" },
        };
    }

    private static string Key(string method, string path) => $"{method.ToUpperInvariant()} {Placeholder().Replace(path, "{}")}";

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();

    private static int SuccessStatus(string method, string path)
    {
        OpenApiValidator.Ramp.HasOperation(method, path).ShouldBeTrue($"{method} {path} is not in Ramp's spec");
        return OpenApiValidator.Ramp.ResponseStatuses(method, path).First(s => s is >= 200 and < 300);
    }

    /// <summary>A business with something in every list: a connection and chart, synced and paid objects, a pending webhook.</summary>
    private async Task<World> PrepareAsync(HttpClient client, WebhookReceiver receiver)
    {
        var connection = await ConnectAsync(client);
        var transaction = Simulator.Company.Transactions.First(t => t.State == CardState.Cleared);
        var bill = Simulator.Company.Bills.First(b => b.Status == BillStatus.Paid);
        var vendor = Simulator.Company.Vendors.First(v => v.Number == bill.VendorNumber);
        var gl = (await PostAsync(client, "developer/v1/accounting/accounts", new { gl_accounts = new[] { GlAccount(transaction.Lines[0].AccountNumber, "Travel") } }))
            .Body.GetProperty("uploaded")[0].GetString()!;
        var accountingVendor = (await PostAsync(client, "developer/v1/accounting/vendors", new { vendors = new[] { new { id = vendor.Number, name = vendor.Name } } }))
            .Body.GetProperty("uploaded")[0].GetString()!;
        var field = (await PostAsync(client, "developer/v1/accounting/fields", new { id = "Department", name = "Department", input_type = "SINGLE_CHOICE" }))
            .Body.GetProperty("ramp_id").GetString()!;
        var option = (await PostAsync(client, "developer/v1/accounting/field-options", new { field_id = field, options = new[] { new { id = "D010", value = "Advisory", code = "D010" } } }))
            .Body.GetProperty("uploaded")[0].GetString()!;
        var rampVendor = (await GetAllAsync(client, "vendors?page_size=100")).Single(v => v.GetProperty("name").GetString() == RampVendorNames.Of(vendor)).GetProperty("id").GetString()!;
        (await SendAsync(client, HttpMethod.Patch, $"developer/v1/vendors/{rampVendor}", new { accounting_vendor_remote_id = vendor.Number })).Status.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(client, "developer/v1/accounting/syncs", new
        {
            idempotency_key = Key(), sync_type = "TRANSACTION_SYNC", successful_syncs = new[] { new { id = transaction.Id, reference_id = "JE-1" } },
        })).Status.ShouldBe(HttpStatusCode.Created);
        (await PostAsync(client, "developer/v1/accounting/syncs", new
        {
            idempotency_key = Key(), sync_type = "BILL_SYNC", successful_syncs = new[] { new { id = bill.Id, reference_id = "AP-1", deep_link_url = "https://erp.example/ap/1" } },
        })).Status.ShouldBe(HttpStatusCode.Created);
        var (_, webhook) = await PostAsync(client, "developer/v1/webhooks", new { endpoint_url = receiver.Url, event_types = new[] { "bills.paid", "transactions.ready_to_sync" } });
        var challenge = (await receiver.WaitForAsync(p => p.Type == "webhooks.verification"))[0].Json.GetProperty("challenge").GetString()!;
        var entity = (await GetAllAsync(client, "entities"))[0].GetProperty("id").GetString()!;
        return new World(connection, field, gl, accountingVendor, option, webhook.GetProperty("id").GetString()!, challenge, bill.Id, transaction.Id, rampVendor, entity,
            Simulator.Company.PurchaseOrders[0].Id, transaction.Lines[0].AccountNumber);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpClient client, World w, WebhookReceiver receiver, string method, string path)
    {
        const string v1 = "developer/v1/";
        switch (method, path)
        {
            case ("POST", "/developer/v1/token"):
                using (var response = await RequestTokenAsync(RampSimulator.DefaultClientId, RampSimulator.DefaultClientSecret, "bills:read"))
                    return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
            case ("POST", "/developer/v1/token/revoke"):
                using (var request = new HttpRequestMessage(HttpMethod.Post, v1 + "token/revoke"))
                {
                    request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = client.DefaultRequestHeaders.Authorization!.Parameter! });
                    request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
                        $"{RampSimulator.DefaultClientId}:{RampSimulator.DefaultClientSecret}")));
                    using var response = await Anonymous.SendAsync(request);
                    return (response.StatusCode, default);
                }
            case ("POST", "/developer/v1/accounting/connection"):
                (await SendAsync(client, HttpMethod.Delete, v1 + "accounting/connection")).Status.ShouldBe(HttpStatusCode.NoContent);
                return await PostAsync(client, v1 + "accounting/connection", new { remote_provider_name = "Second ERP" });
            case ("POST", "/developer/v1/accounting/connection/{connection_id}/reactivate"):
                (await SendAsync(client, HttpMethod.Delete, v1 + "accounting/connection")).Status.ShouldBe(HttpStatusCode.NoContent);
                return await PostAsync(client, $"{v1}accounting/connection/{w.ConnectionId}/reactivate", new { });
            case ("POST", "/developer/v1/accounting/accounts"):
                return await PostAsync(client, v1 + "accounting/accounts", new { gl_accounts = new[] { new { id = "9999", name = "Suspense", classification = "ASSET", code = "9999" } } });
            case ("POST", "/developer/v1/accounting/vendors"):
                return await PostAsync(client, v1 + "accounting/vendors", new { vendors = new[] { new { id = "V-NEW", name = "New vendor" } } });
            case ("POST", "/developer/v1/accounting/fields"):
                return await PostAsync(client, v1 + "accounting/fields", new { id = "CostCenter", name = "Cost center", input_type = "SINGLE_CHOICE", is_required_for = new[] { "TRANSACTION" } });
            case ("GET", "/developer/v1/accounting/field-options"):
                return await GetAsync(client, $"{v1}accounting/field-options?field_id={w.FieldId}");
            case ("POST", "/developer/v1/accounting/field-options"):
                return await PostAsync(client, v1 + "accounting/field-options", new { field_id = w.FieldId, options = new[] { new { id = "D020", value = "Technology" } } });
            case ("POST", "/developer/v1/accounting/syncs"):
                return await PostAsync(client, v1 + "accounting/syncs", new
                {
                    idempotency_key = Key(), sync_type = "BILL_PAYMENT_SYNC", successful_syncs = new[] { new { id = w.BillId, reference_id = "PAY-1" } },
                });
            case ("GET", "/developer/v1/transactions"):
                return await GetAsync(client, v1 + "transactions?page_size=100&state=ALL");
            case ("GET", "/developer/v1/bills"):
                return await GetAsync(client, v1 + "bills?page_size=100");
            case ("GET", "/developer/v1/vendors"):
                return await GetAsync(client, v1 + "vendors?page_size=100");
            case ("GET", "/developer/v1/purchase-orders"):
                return await GetAsync(client, v1 + "purchase-orders?page_size=100");
            case ("PATCH", "/developer/v1/accounting/accounts/{gl_account_id}"):
                return await SendAsync(client, HttpMethod.Patch, $"{v1}accounting/accounts/{w.GlAccountId}", new { name = "Renamed", code = "" });
            case ("PATCH", "/developer/v1/accounting/vendors/{vendor_id}"):
                return await SendAsync(client, HttpMethod.Patch, $"{v1}accounting/vendors/{w.AccountingVendorId}", new { reactivate = true });
            case ("PATCH", "/developer/v1/accounting/fields/{field_id}"):
                return await SendAsync(client, HttpMethod.Patch, $"{v1}accounting/fields/{w.FieldId}", new { display_name = (string?)null, is_splittable = true });
            case ("PATCH", "/developer/v1/accounting/field-options/{field_option_id}"):
                return await SendAsync(client, HttpMethod.Patch, $"{v1}accounting/field-options/{w.OptionId}", new { visibility = "HIDDEN", display_name = "Advisory (old)" });
            case ("PATCH", "/developer/v1/vendors/{vendor_id}"):
                return await SendAsync(client, HttpMethod.Patch, $"{v1}vendors/{w.VendorId}", new { is_active = true });
            case ("POST", "/developer/v1/webhooks"):
                return await PostAsync(client, v1 + "webhooks", new { endpoint_url = receiver.Url, event_types = new[] { "transactions.cleared" } });
            case ("POST", "/developer/v1/webhooks/{webhook_id}/verify"):
                return await PostAsync(client, $"{v1}webhooks/{w.WebhookId}/verify", new { challenge = w.Challenge });
        }
        var concrete = path["/".Length..]
            .Replace("accounting/vendors/{vendor_id}", "accounting/vendors/" + w.AccountingVendorId, StringComparison.Ordinal)
            .Replace("{gl_account_id}", w.GlAccountId, StringComparison.Ordinal).Replace("{field_option_id}", w.OptionId, StringComparison.Ordinal)
            .Replace("{field_id}", w.FieldId, StringComparison.Ordinal)
            .Replace("{transaction_id}", w.TransactionId, StringComparison.Ordinal).Replace("{bill_id}", w.BillId, StringComparison.Ordinal)
            .Replace("{vendor_id}", w.VendorId, StringComparison.Ordinal).Replace("{purchase_order_id}", w.PurchaseOrderId, StringComparison.Ordinal)
            .Replace("{entity_id}", w.EntityId, StringComparison.Ordinal).Replace("{webhook_id}", w.WebhookId, StringComparison.Ordinal);
        return await SendAsync(client, new HttpMethod(method), concrete);
    }
}
