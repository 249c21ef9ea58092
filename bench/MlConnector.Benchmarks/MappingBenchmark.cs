using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Benchmarks;

/// <summary>
/// The mapping grids at scale: <c>n</c> ERP values and <c>n</c> source values per kind (GL accounts and vendors),
/// seeded straight into the portal's database, then suggestions, grid pages, filters, bulk acceptance and CSV
/// export timed through the same services the pages call. Prints figures; asserts nothing.
/// </summary>
public static class MappingBenchmark
{
    private static readonly string[] Words = ["Summit", "Harbor", "Granite", "Cedar", "Atlas", "Pioneer", "Meridian", "Northgate", "Ironwood", "Lakeside",
        "Polaris", "Keystone", "Riverbend", "Aurora", "Highland", "Beacon", "Juniper", "Software", "Cloud", "Office", "Legal", "Travel", "Media", "Freight",
        "Supply", "Partners", "Labs", "Systems", "Services", "Consulting", "Networks", "Academy", "Hosting", "Devices", "Events", "Talent"];

    public static async Task RunAsync(IServiceProvider services, int rows)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = new AppUser { UserName = "bench@example.com", Email = "bench@example.com", CreatedAt = DateTimeOffset.UtcNow };
        (await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, "BenchPassword123")).Succeeded.ToString();
        await sp.GetRequiredService<WorkspaceDirectory>().CreateAsync(user.Id, "Bench Co", IntegrationKind.RampD365);
        var integration = (await sp.GetRequiredService<ConnectionStore>().CreateIntegrationAsync(IntegrationKind.RampD365, "Bench")).Id;

        Console.WriteLine($"Mapping grids with {rows:N0} source and {rows:N0} ERP values per kind (GL accounts, vendors), SQLite file database:");
        var seed = Stopwatch.StartNew();
        await using (var db = await sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var kind in new[] { ReferenceKind.GlAccount, ReferenceKind.Vendor })
            {
                for (var i = 0; i < rows; i++)
                {
                    var name = NameOf(i);
                    db.ReferenceItems.Add(Item(integration, ExternalSystem.Dynamics365, kind, $"E{i:000000}", name, active: i % 50 != 0));
                    // Sources: a third carry the ERP code, a third the same name spelled differently, a third a typo.
                    var (id, code, spelled) = (i % 3) switch
                    {
                        0 => ($"r-{i}", $"E{i:000000}", name),
                        1 => ($"r-{i}", "", name.ToUpperInvariant() + " Inc."),
                        _ => ($"r-{i}", "", name[..^1]),
                    };
                    db.ReferenceItems.Add(Item(integration, ExternalSystem.Ramp, kind, id, spelled, code: code));
                }
            }
            await db.SaveChangesAsync();
        }
        Console.WriteLine($"  seed {4 * rows:N0} reference rows          {seed.Elapsed.TotalMilliseconds,9:0} ms");

        var refresh = Stopwatch.StartNew();
        await sp.GetRequiredService<MappingRefresh>().RefreshAsync(integration);
        Console.WriteLine($"  refresh + suggest {2 * rows:N0} rows         {refresh.Elapsed.TotalMilliseconds,9:0} ms");

        var mappings = sp.GetRequiredService<MappingService>();
        await TimeAsync("grid first page (25)", () => mappings.PageAsync(integration, new MappingQuery(MappingKind.GlAccount, "", 0, 25)));
        await TimeAsync($"grid page at row {rows / 2:N0}", () => mappings.PageAsync(integration, new MappingQuery(MappingKind.GlAccount, "", rows / 2, 25)));
        await TimeAsync("sort by name, descending", () => mappings.PageAsync(integration, new MappingQuery(MappingKind.Vendor, "", 0, 25, Sort: MappingSort.SourceName, Descending: true)));
        await TimeAsync("filter unmapped + search", () => mappings.PageAsync(integration, new MappingQuery(MappingKind.Vendor, "", 0, 25, Search: "harbor lab", Filter: MappingFilter.Unmapped)));
        await TimeAsync("sort by confidence", () => mappings.PageAsync(integration, new MappingQuery(MappingKind.GlAccount, "", 0, 25, Sort: MappingSort.Confidence)));
        await TimeAsync("target dropdown search", () => sp.GetRequiredService<MappingTargets>().SearchAsync(integration, MappingKind.GlAccount, "", "aurora", 50));

        var accept = Stopwatch.StartNew();
        var accepted = await mappings.AcceptSuggestionsAsync(integration, MappingKind.GlAccount, "", 90, "bench");
        Console.WriteLine($"  bulk accept >= 90 ({accepted.Changed:N0} mappings)  {accept.Elapsed.TotalMilliseconds,9:0} ms");
        await TimeAsync("grid first page after accept", () => mappings.PageAsync(integration, new MappingQuery(MappingKind.GlAccount, "", 0, 25, Filter: MappingFilter.Mapped)));
        var export = Stopwatch.StartNew();
        var csv = new StringWriter();
        await sp.GetRequiredService<MappingCsv>().ExportAsync(integration, MappingKind.GlAccount, "", csv);
        Console.WriteLine($"  CSV export ({csv.GetStringBuilder().Length / 1024:N0} KiB)               {export.Elapsed.TotalMilliseconds,9:0} ms");
    }

    private static string NameOf(int i) =>
        $"{Words[i % Words.Length]} {Words[i / Words.Length % Words.Length]} {Words[i / (Words.Length * Words.Length) % Words.Length]} {i / 46656 + 1}";

    private static ReferenceItem Item(Guid integration, ExternalSystem system, ReferenceKind kind, string id, string name, bool active = true, string? code = null) => new()
    {
        IntegrationId = integration, System = system, Kind = kind, ExternalId = id, Code = code ?? id, Name = name, Active = active, RawJson = "{}",
        FetchedAt = DateTimeOffset.UtcNow,
    };

    private static async Task TimeAsync<T>(string what, Func<Task<T>> run)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {what,-36} p50 {times[9],7:0.0} ms   p95 {times[18],7:0.0} ms");
    }
}
