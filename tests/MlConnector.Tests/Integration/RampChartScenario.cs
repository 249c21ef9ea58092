using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Integration;

/// <summary>
/// A workspace with a Ramp + ERP integration on the sandbox credentials, its ERP reference items, and Ramp's state
/// read back over Ramp's own API. The portal's Ramp simulator is one business shared by the class's tests, so a
/// scenario starts it from the seed.
/// </summary>
public sealed class RampChartScenario : IDisposable
{
    private readonly PortalHost host;
    private readonly TestIntegration owner;

    private RampChartScenario(PortalHost host, TestIntegration owner) => (this.host, this.owner) = (host, owner);

    public Guid Workspace => owner.WorkspaceId;
    public Guid Integration => owner.Id;
    public IServiceProvider Services => owner.Services;
    public RampSimulator Ramp => Simulator(host);

    public static RampSimulator Simulator(PortalHost host) => (RampSimulator)host.Services.GetRequiredService<SandboxRegistry>()["ramp"];

    /// <param name="erpCredentials">Also save the ERP's sandbox credentials (for a real pull).</param>
    public static async Task<RampChartScenario> StartAsync(PortalHost host, IntegrationKind kind, bool erpCredentials = false)
    {
        var ramp = Simulator(host);
        ramp.Reset();
        ramp.Faults.Reset();
        var erp = ConnectionStore.SystemsOf(kind).Where(s => s != ExternalSystem.Ramp);
        var owner = await TestIntegration.CreateAsync(host, kind, [ExternalSystem.Ramp, .. erpCredentials ? erp : []]);
        return new(host, owner);
    }

    public Task<RampChartPushResult> PushAsync(IReadOnlyList<string>? dimensions = null) =>
        Services.GetRequiredService<RampChartPush>().PushAsync(Integration, dimensions);

    /// <summary>Stands in for a pull: the ERP's rows as the reference data service would have stored them.</summary>
    public async Task SeedErpAsync(ExternalSystem erp, IEnumerable<ReferenceItem> items)
    {
        await using var db = host.OpenDb(Workspace);
        db.ReferenceItems.AddRange(items.Select(i =>
        {
            (i.IntegrationId, i.System, i.FetchedAt) = (Integration, erp, DateTimeOffset.UtcNow);
            return i;
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>Changes the stored ERP rows matching <paramref name="where"/> (a rename, a suspension) or deletes them (null).</summary>
    public async Task ChangeErpAsync(Func<ReferenceItem, bool> where, Action<ReferenceItem>? change)
    {
        await using var db = host.OpenDb(Workspace);
        foreach (var item in (await db.ReferenceItems.Where(i => i.IntegrationId == Integration).ToListAsync()).Where(where))
        {
            if (change is null) db.ReferenceItems.Remove(item);
            else change(item);
        }
        await db.SaveChangesAsync();
    }

    public static ReferenceItem Account(string id, string name, string type = "Expense", bool active = true) =>
        new() { Kind = ReferenceKind.GlAccount, ExternalId = id, Code = id, Name = name, Active = active, RawJson = $$"""{"MainAccountId":"{{id}}","MainAccountType":"{{type}}"}""" };

    public static ReferenceItem Vendor(string id, string name, bool active = true) =>
        new() { Kind = ReferenceKind.Vendor, ExternalId = id, Code = id, Name = name, Active = active, RawJson = "{}" };

    public static ReferenceItem Value(string dimension, string code, string name, bool active = true) =>
        new() { Kind = ReferenceKind.DimensionValue, Group = dimension, ExternalId = code, Code = code, Name = name, Active = active, RawJson = "{}" };

    /// <summary>Every item of a Ramp list, read with a token of our own straight from the simulator's API.</summary>
    public async Task<List<JsonElement>> RampListAsync(string pathAndQuery)
    {
        using var client = await RampApiAsync();
        var items = new List<JsonElement>();
        string? next = pathAndQuery;
        while (next is not null)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(next);
            items.AddRange(page.GetProperty("data").EnumerateArray());
            next = page.GetProperty("page").GetProperty("next").GetString();
        }
        return items;
    }

    public async Task<JsonElement> RampGetAsync(string path)
    {
        using var client = await RampApiAsync();
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    public async Task<HttpResponseMessage> RampSendAsync(HttpMethod method, string path, object? body = null)
    {
        using var client = await RampApiAsync();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    /// <summary>The requests that changed something in Ramp (anything but reads and token requests) after <paramref name="sequence"/>.</summary>
    public IReadOnlyList<RecordedRequest> WritesSince(long sequence) =>
        Ramp.Traffic.Since(sequence).Where(r => r.Method != "GET" && !r.Path.EndsWith("/token", StringComparison.Ordinal)).ToList();

    private Task<HttpClient> RampApiAsync() => SandboxRampApi.CreateAsync(host);

    public void Dispose() => owner.Dispose();
}
