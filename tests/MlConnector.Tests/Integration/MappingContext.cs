using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Integration;

/// <summary>
/// A workspace with a Ramp → D365 integration whose D365 side was pulled from the simulator and whose Ramp
/// side holds a small legacy chart (as an earlier accounting connection would have left it), refreshed.
/// </summary>
public sealed class MappingContext : IAsyncDisposable
{
    public static readonly (string Id, string Code, string Name)[] LegacyChart =
    [
        ("qb-1", "6100", "Air fare"), ("qb-2", "", "LODGING"), ("qb-3", "", "Office supply"), ("qb-4", "1013", "Petty cash"), ("qb-5", "", "Quantum flux capacitors"),
    ];

    private readonly PortalHost host;
    private readonly TestIntegration owner;

    private MappingContext(PortalHost host, TestIntegration owner) => (this.host, this.owner) = (host, owner);

    public Guid WorkspaceId => owner.WorkspaceId;
    public Guid Integration => owner.Id;

    public static async Task<MappingContext> CreateAsync(PortalHost host, bool legacyChart = true)
    {
        using var created = await TestIntegration.CreateAsync(host, IntegrationKind.RampD365);
        return await AttachAsync(host, created.WorkspaceId, created.Id, legacyChart);
    }

    /// <summary>Connects an existing Ramp → D365 integration's D365 side to the sandbox, pulls it, and adds the legacy chart.</summary>
    public static async Task<MappingContext> AttachAsync(PortalHost host, Guid workspaceId, Guid integrationId, bool legacyChart = true)
    {
        var owner = TestIntegration.Enter(host, workspaceId, integrationId);
        await owner.SaveSandboxCredentialsAsync(ExternalSystem.Dynamics365);
        var pulled = await owner.Get<ReferenceDataService>().PullAsync(integrationId);
        pulled.IsOk.ShouldBeTrue(string.Join("; ", pulled.Failures.Select(f => f.Failure.Message)));
        var context = new MappingContext(host, owner);
        if (legacyChart)
        {
            await using var db = context.OpenDb();
            db.ReferenceItems.AddRange(LegacyChart.Select(a => new ReferenceItem
            {
                IntegrationId = integrationId, System = ExternalSystem.Ramp, Kind = ReferenceKind.GlAccount, ExternalId = a.Id, Code = a.Code, Name = a.Name,
                Active = true, RawJson = "{}", FetchedAt = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
            await context.Get<MappingRefresh>().RefreshAsync(integrationId);
        }
        return context;
    }

    public T Get<T>() where T : notnull => owner.Get<T>();

    public AppDbContext OpenDb() => host.OpenDb(WorkspaceId);

    public async Task<IReadOnlyDictionary<string, MappingRow>> RowsAsync(MappingKind kind, string group = "") =>
        (await Get<MappingService>().PageAsync(Integration, new MappingQuery(kind, group, 0, 1000))).Rows.ToDictionary(r => r.SourceKey);

    public ValueTask DisposeAsync()
    {
        owner.Dispose();
        return ValueTask.CompletedTask;
    }
}
