using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Integration;

/// <summary>A grid's mappings out to CSV and back: a round trip changes exactly what was edited; a bad file changes nothing.</summary>
public abstract class MappingCsvTests(PortalHost host)
{
    [Fact]
    public async Task Export_ThenEdit_ThenImport_AppliesExactlyTheEdits()
    {
        await using var context = await MappingContext.CreateAsync(host);
        await context.Get<MappingService>().SetAsync(context.Integration, MappingKind.GlAccount, "", [new("qb-1", "6100")], "ann", MappingOrigin.Manual);
        var csv = context.Get<MappingCsv>();
        var exported = new StringWriter();
        await csv.ExportAsync(context.Integration, MappingKind.GlAccount, "", exported);
        var lines = exported.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

        lines[0].ShouldBe("source_key,source_code,source_name,target_id,target_name");
        lines.ShouldContain("qb-1,6100,Air fare,6100,Airfare");
        lines.Count.ShouldBe(6);
        // Edit as a spreadsheet user would: map two rows, clear one, leave the rest as exported.
        var edited = lines.Select(l => l switch
        {
            _ when l.StartsWith("qb-2,", StringComparison.Ordinal) => "qb-2,,LODGING,6101,",
            _ when l.StartsWith("qb-5,", StringComparison.Ordinal) => "qb-5,,Quantum flux capacitors,7203,",
            _ when l.StartsWith("qb-1,", StringComparison.Ordinal) => "qb-1,6100,Air fare,,",
            _ => l,
        });
        var result = await csv.ImportAsync(context.Integration, MappingKind.GlAccount, "", new StringReader(string.Join("\n", edited)), "bob");

        result.Errors.ShouldBeEmpty();
        result.Changed.ShouldBe(3);
        var rows = await context.RowsAsync(MappingKind.GlAccount);
        rows.ToDictionary(r => r.Key, r => r.Value.TargetId).ShouldBe(new Dictionary<string, string?>
        {
            ["qb-1"] = null, ["qb-2"] = "6101", ["qb-3"] = null, ["qb-4"] = null, ["qb-5"] = "7203",
        }, ignoreOrder: true);
        await using var db = context.OpenDb();
        (await db.MappingChanges.CountAsync(c => c.Origin == MappingOrigin.Import)).ShouldBe(3);
    }

    [Fact]
    public async Task Import_ReportsEveryBadRowByLine_AndChangesNothing()
    {
        await using var context = await MappingContext.CreateAsync(host);
        const string file = """
            source_key,target_id,target_name
            qb-1,6100,Airfare
            qb-2,9999,Nowhere
            qb-3,1013,Petty cash
            qb-1,6101,Lodging
            ghost,6100,Airfare
            qb-5,"7203",extra,field
            """;

        var result = await context.Get<MappingCsv>().ImportAsync(context.Integration, MappingKind.GlAccount, "", new StringReader(file), "bob");

        result.Ok.ShouldBeFalse();
        result.Errors.Select(e => e.ToString()).ShouldBe(
        [
            "Line 3: Target '9999' does not exist in the ERP's GL accounts (pull reference data if it is new).",
            "Line 4: Target '1013 · Petty cash' is inactive or suspended in the ERP and cannot be chosen.",
            "Line 5: 'qb-1' appears more than once (first on line 2).",
            "Line 6: 'ghost' is not a known GL accounts source value.",
            "Line 7: Expected 3 fields, found 4.",
        ]);
        (await context.RowsAsync(MappingKind.GlAccount)).Values.ShouldAllBe(r => r.TargetId == null, "qb-1's good row must not be half-applied");
    }

    [Theory]
    [InlineData("source_key,target,target_name\nqb-1,6100,x", "Line 1: Unknown column 'target'. Columns are: source_key, source_code, source_name, target_id, target_name.")]
    [InlineData("source_key,source_name\nqb-1,x", "Line 1: Missing column 'target_id'.")]
    [InlineData("", "Line 1: The file is empty; expected a header row.")]
    [InlineData("source_key,target_id\n", "Line 1: The file has no rows below its header.")]
    public async Task Import_WithABadHeader_SaysWhatIsWrong(string file, string expected)
    {
        await using var context = await MappingContext.CreateAsync(host);

        var result = await context.Get<MappingCsv>().ImportAsync(context.Integration, MappingKind.GlAccount, "", new StringReader(file), "bob");

        result.Errors.Select(e => e.ToString()).ShouldContain(expected);
        result.Changed.ShouldBe(0);
    }

    [Fact]
    public async Task Import_AcceptsSemicolonSeparatedFiles_FromSpreadsheetsInOtherLocales()
    {
        await using var context = await MappingContext.CreateAsync(host);

        var result = await context.Get<MappingCsv>().ImportAsync(context.Integration, MappingKind.GlAccount, "",
            new StringReader("source_key;target_id\nqb-3;6400\n"), "bob");

        result.Errors.ShouldBeEmpty();
        (await context.RowsAsync(MappingKind.GlAccount))["qb-3"].TargetId.ShouldBe("6400");
    }
}

public sealed class MappingCsvTestsOnSqlite(SqlitePortal portal) : MappingCsvTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class MappingCsvTestsOnPostgres(PostgresPortal portal) : MappingCsvTests(portal.Host), IClassFixture<PostgresPortal>;

/// <summary>The CSV download endpoint: members get the file, anyone else the same 404 as for an unknown workspace.</summary>
public sealed class MappingCsvEndpointTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task Download_ServesTheGridToMembers_AndNotFoundToOthers()
    {
        using var member = portal.Host.CreateBrowserlikeClient();
        var workspaceId = await SsrForms.RegisterWorkspaceAsync(member, SsrForms.Account(82), "Csv Co");
        Guid integration;
        using (var scope = portal.Host.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
            integration = (await scope.ServiceProvider.GetRequiredService<ConnectionStore>().CreateIntegrationAsync(IntegrationKind.RampD365, "Csv")).Id;
        }
        await using var context = await MappingContext.AttachAsync(portal.Host, workspaceId, integration);
        using var stranger = portal.Host.CreateBrowserlikeClient();
        await SsrForms.RegisterWorkspaceAsync(stranger, SsrForms.Account(83), "Other Co");
        var url = $"w/{workspaceId}/integrations/{integration}/mappings/GlAccount.csv?group=";

        using var mine = await member.GetAsync(url);
        using var theirs = await stranger.GetAsync(url);

        mine.StatusCode.ShouldBe(HttpStatusCode.OK);
        mine.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await mine.Content.ReadAsStringAsync()).ShouldContain("qb-3,,Office supply,,");
        theirs.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
