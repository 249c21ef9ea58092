using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Ramp;

/// <summary>
/// Ramp's accounting API: the connection, the chart (GL accounts, accounting vendors, custom fields and their
/// options) and vendor links. Uploads are one batch per call, all-or-nothing: a refused batch comes back as a
/// Permanent failure carrying Ramp's status and message, and nothing of it was stored.
/// </summary>
public sealed partial class RampClient
{
    /// <summary>Ramp's page size cap: fewer round trips than the default 20.</summary>
    private const string Paged = "page_size=100";

    public async Task<ConnectorResult<IReadOnlyList<RampAccountingConnection>>> AccountingConnectionsAsync(RampCredentials credentials, RampToken token, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Get, Api(credentials, "accounting/all-connections"), token);
        return await SendAsync<IReadOnlyList<RampAccountingConnection>>(request, async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return json.RootElement.GetProperty("connections").EnumerateArray().Select(ReadConnection).ToList();
        }, ct);
    }

    /// <summary>The active accounting connection, or null when there is none (Ramp answers 404).</summary>
    public async Task<ConnectorResult<RampAccountingConnection?>> ActiveAccountingConnectionAsync(RampCredentials credentials, RampToken token, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Get, Api(credentials, "accounting/connection"), token);
        var found = await SendAsync<RampAccountingConnection?>(request, async response => await ReadConnectionAsync(response, ct), ct);
        return found.Failure is { StatusCode: 404 } ? ConnectorResult<RampAccountingConnection?>.Ok(null) : found;
    }

    /// <summary>Registers an API-based connection; Ramp refuses it while another connection is active.</summary>
    public async Task<ConnectorResult<RampAccountingConnection>> CreateAccountingConnectionAsync(RampCredentials credentials, RampToken token, string remoteProviderName, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Post, Api(credentials, "accounting/connection"), token, new JsonObject { ["remote_provider_name"] = remoteProviderName });
        return await SendAsync(request, response => ReadConnectionAsync(response, ct), ct);
    }

    /// <summary>Makes an earlier connection active again, with the chart it had (Ramp requires no other to be active).</summary>
    public async Task<ConnectorResult<RampAccountingConnection>> ReactivateAccountingConnectionAsync(RampCredentials credentials, RampToken token, string connectionId, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Post, Api(credentials, $"accounting/connection/{Uri.EscapeDataString(connectionId)}/reactivate"), token, new JsonObject());
        return await SendAsync(request, response => ReadConnectionAsync(response, ct), ct);
    }

    /// <summary>Every item of the list, active and inactive, hidden and visible.</summary>
    public async Task<ConnectorResult<IReadOnlyList<RampChartItem>>> ChartItemsAsync(RampCredentials credentials, RampToken token, RampChartList list, CancellationToken ct)
    {
        var query = list.FieldRampId is { } field ? $"{list.Path}?field_id={Uri.EscapeDataString(field)}&{Paged}" : $"{list.Path}?{Paged}";
        var all = await ListAllAsync(credentials, token, query, ct);
        return all.IsOk ? ConnectorResult<IReadOnlyList<RampChartItem>>.Ok(all.Value!.Select(e => RampChartItem.Read(e, list)).ToList()) : all.Failure!;
    }

    /// <summary>One batch of 1–500 new items; Ramp rejects the whole batch for one bad or already-existing id.</summary>
    public async Task<ConnectorResult<IReadOnlyList<RampChartItem>>> UploadAsync(RampCredentials credentials, RampToken token, RampChartList list,
        IReadOnlyList<RampChartUpload> items, CancellationToken ct)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            var node = new JsonObject { ["id"] = item.Id, [list.NameProperty] = item.Name };
            // The vendor upload schema has no code; accounts and options take one.
            if (item.Code is { Length: > 0 } code && list.Kind != RampChartObject.AccountingVendor) node["code"] = code;
            if (list.Kind == RampChartObject.GlAccount) node["classification"] = item.Classification ?? "ANY";
            array.Add(node);
        }
        var body = new JsonObject { [list.ListName] = array };
        if (list.FieldRampId is { } field) body["field_id"] = field;
        using var request = Json(HttpMethod.Post, Api(credentials, list.Path), token, body);
        return await SendAsync<IReadOnlyList<RampChartItem>>(request, async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return json.RootElement.TryGetProperty(list.ListName, out var created)
                ? created.EnumerateArray().Select(e => RampChartItem.Read(e, list)).ToList()
                : [];
        }, ct);
    }

    public async Task<ConnectorResult<RampChartItem>> PatchAsync(RampCredentials credentials, RampToken token, RampChartList list, string rampId,
        RampChartPatch patch, CancellationToken ct)
    {
        var body = new JsonObject();
        if (patch.Name is { } name) body[list.NameProperty] = name;
        if (patch.Code is { } code) body["code"] = code;
        // Ramp's schema allows only true here: DELETE is how an item is deactivated.
        if (patch.Reactivate) body["reactivate"] = true;
        if (patch.Visibility is { } visibility) body["visibility"] = visibility;
        using var request = Json(HttpMethod.Patch, Api(credentials, $"{list.Path}/{Uri.EscapeDataString(rampId)}"), token, body);
        return await SendAsync(request, async response => RampChartItem.Read(await ReadRootAsync(response, ct), list), ct);
    }

    /// <summary>DELETE is a soft delete in Ramp (<c>is_active:false</c>), undone by a PATCH with reactivate.</summary>
    public async Task<ConnectorResult<string>> DeactivateAsync(RampCredentials credentials, RampToken token, RampChartList list, string rampId, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Delete, Api(credentials, $"{list.Path}/{Uri.EscapeDataString(rampId)}"), token);
        return await SendAsync(request, _ => Task.FromResult(rampId), ct);
    }

    public async Task<ConnectorResult<IReadOnlyList<RampCustomField>>> CustomFieldsAsync(RampCredentials credentials, RampToken token, CancellationToken ct)
    {
        var all = await ListAllAsync(credentials, token, $"accounting/fields?{Paged}", ct);
        return all.IsOk ? ConnectorResult<IReadOnlyList<RampCustomField>>.Ok(all.Value!.Select(ReadField).ToList()) : all.Failure!;
    }

    /// <summary>Creates a pick-list field; re-posting an existing id returns (and reactivates) that field.</summary>
    public async Task<ConnectorResult<RampCustomField>> CreateCustomFieldAsync(RampCredentials credentials, RampToken token, string id, string name, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Post, Api(credentials, "accounting/fields"), token,
            new JsonObject { ["id"] = id, ["name"] = name, ["input_type"] = "SINGLE_CHOICE", ["is_splittable"] = true });
        return await SendAsync(request, async response => ReadField(await ReadRootAsync(response, ct)), ct);
    }

    /// <summary>Ramp's own vendors (payees) with their accounting links.</summary>
    public async Task<ConnectorResult<IReadOnlyList<RampVendor>>> VendorsAsync(RampCredentials credentials, RampToken token, CancellationToken ct)
    {
        var all = await ListAllAsync(credentials, token, $"vendors?{Paged}", ct);
        return all.IsOk ? ConnectorResult<IReadOnlyList<RampVendor>>.Ok(all.Value!.Select(ReadVendor).ToList()) : all.Failure!;
    }

    /// <summary>Links a Ramp vendor to the accounting vendor uploaded under <paramref name="accountingVendorRemoteId"/> (the ERP id).</summary>
    public async Task<ConnectorResult<RampVendor>> LinkVendorAsync(RampCredentials credentials, RampToken token, string vendorId, string accountingVendorRemoteId, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Patch, Api(credentials, $"vendors/{Uri.EscapeDataString(vendorId)}"), token,
            new JsonObject { ["accounting_vendor_remote_id"] = accountingVendorRemoteId });
        return await SendAsync(request, async response => ReadVendor(await ReadRootAsync(response, ct)), ct);
    }

    private static Uri Api(RampCredentials credentials, string path) => new(credentials.BaseUrl, "developer/v1/" + path);

    private static HttpRequestMessage Json(HttpMethod method, Uri uri, RampToken token, JsonObject body)
    {
        var request = Authorized(method, uri, token);
        request.Content = JsonContent.Create(body);
        return request;
    }

    private static async Task<JsonElement> ReadRootAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.Clone();
    }

    private static async Task<RampAccountingConnection> ReadConnectionAsync(HttpResponseMessage response, CancellationToken ct) =>
        ReadConnection(await ReadRootAsync(response, ct));

    private static RampAccountingConnection ReadConnection(JsonElement e) => new(
        RampChartItem.Text(e, "id") ?? "", RampChartItem.Text(e, "remote_provider_name") ?? "",
        e.TryGetProperty("is_active", out var active) && active.ValueKind == JsonValueKind.True, RampChartItem.Text(e, "connection_type"));

    private static RampCustomField ReadField(JsonElement e) => new(
        RampChartItem.Text(e, "id") ?? "", RampChartItem.Text(e, "ramp_id") ?? "", RampChartItem.Text(e, "name") ?? "",
        RampChartItem.Text(e, "input_type") ?? "", !e.TryGetProperty("is_active", out var active) || active.ValueKind != JsonValueKind.False);

    private static RampVendor ReadVendor(JsonElement e) => new(
        RampChartItem.Text(e, "id") ?? "", RampChartItem.Text(e, "name") ?? "", RampChartItem.Text(e, "accounting_vendor_remote_id"),
        !e.TryGetProperty("is_active", out var active) || active.ValueKind != JsonValueKind.False);
}
