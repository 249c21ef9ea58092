using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Records;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Benchmarks;

/// <summary>
/// The record explorer at scale: <c>n</c> records with four-entry trails in one workspace (plus a tenth as many in a
/// neighbour, so the tenancy filter has something to skip), then the explorer's page + count for typical filters, a late
/// page, one record's timeline and the replay preview of every failed record. Prints the median and worst of five runs
/// after a warm-up; asserts nothing.
/// </summary>
public static class ExplorerBenchmark
{
    private static readonly string[] Words = ["Harbor", "Pine", "Summit", "Northgate", "Keystone", "Silverleaf", "Pioneer", "Ironwood", "Bluewater", "Cedar",
        "Granite", "Meridian", "Lakeside", "Redwood", "Atlas", "Beacon", "Crescent", "Falcon", "Orchard", "Sterling"];
    private static readonly string[] Suffixes = ["Supplies", "Logistics", "Consulting", "Apps", "Catering", "Travel", "Print", "Legal"];

    public static async Task RunAsync(IServiceProvider services, int records, string provider)
    {
        // Each scope has entered its workspace as its owner (creating it does that); owners may explore and replay.
        await using var mine = await WorkspaceAsync(services, "Explorer Co");
        await using var neighbour = await WorkspaceAsync(services, "Neighbour Co");
        var integration = mine.Integration;
        var seed = Stopwatch.StartNew();
        await SeedAsync(neighbour, records / 10, 1);
        await SeedAsync(mine, records, 2);
        Console.WriteLine($"Record explorer on {provider}: {records:N0} records (+{records / 10:N0} in another workspace), 4 audit entries each; seeded in {seed.Elapsed.TotalSeconds:0} s.");

        var explorer = mine.Scope.ServiceProvider.GetRequiredService<RecordExplorer>();
        var replays = mine.Scope.ServiceProvider.GetRequiredService<RecordReplays>();
        var newest = DateTimeOffset.UtcNow;
        Guid someFailed = default;

        Console.WriteLine($"  {"query (page of 25 + count)",-52} {"matches",9} {"median",9} {"worst",9}");
        await MeasureAsync("first page, newest change first", () => explorer.PageAsync(RecordFilter.All, 0, 25));
        await MeasureAsync("state = Failed", async () =>
        {
            var page = await explorer.PageAsync(new RecordFilter { State = SyncState.Failed }, 0, 25);
            someFailed = page.Rows[0].Id;
            return page;
        });
        await MeasureAsync("integration + state = Blocked", () => explorer.PageAsync(new RecordFilter { IntegrationId = integration, State = SyncState.Blocked }, 0, 25));
        await MeasureAsync("error category = Transient", () => explorer.PageAsync(new RecordFilter { ErrorCategory = SyncErrorCategory.Transient }, 0, 25));
        await MeasureAsync("changed in the last 7 days", () => explorer.PageAsync(new RecordFilter { From = newest.AddDays(-7) }, 0, 25));
        await MeasureAsync("received in one month, oldest first", () => explorer.PageAsync(
            new RecordFilter { DateField = RecordDateField.CreatedAt, From = newest.AddDays(-90), To = newest.AddDays(-60) }, 0, 25, RecordSort.CreatedAt, false));
        await MeasureAsync("free text: vendor \"keystone\"", () => explorer.PageAsync(new RecordFilter { Text = "keystone" }, 0, 25));
        await MeasureAsync("free text: invoice number \"-0471\"", () => explorer.PageAsync(new RecordFilter { Text = "-0471" }, 0, 25));
        await MeasureAsync("free text: no match \"zzz-none\"", () => explorer.PageAsync(new RecordFilter { Text = "zzz-none" }, 0, 25));
        await MeasureAsync("free text: amount \"1250\"", () => explorer.PageAsync(new RecordFilter { Text = "1250" }, 0, 25));
        await MeasureAsync("free text + state = Failed", () => explorer.PageAsync(new RecordFilter { Text = "pioneer", State = SyncState.Failed }, 0, 25));
        await MeasureAsync("late page (last 25 of all)", () => explorer.PageAsync(RecordFilter.All, records - 25, 25));
        await MeasureAsync("late page, oldest received first", () => explorer.PageAsync(RecordFilter.All, records - 25, 25, RecordSort.CreatedAt, false));
        await MeasureAsync("late page of state = Failed", () => explorer.PageAsync(new RecordFilter { State = SyncState.Failed }, records / 25 - 25, 25));
        await MeasureAsync("one record's timeline", async () => new RecordPage([], (await explorer.DetailAsync(someFailed))!.Timeline.Count));
        await MeasureAsync("replay preview: all failed", async () =>
            new RecordPage([], (await replays.PreviewAsync(RecordSelection.Matching(new RecordFilter { State = SyncState.Failed }))).Total));
    }

    private static async Task MeasureAsync(string name, Func<Task<RecordPage>> query)
    {
        var count = (await query()).Count;
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {name,-52} {count,9:N0} {times[2],6:0.0} ms {times[^1],6:0.0} ms");
    }

    private sealed record Tenant(AsyncServiceScope Scope, Guid Workspace, Guid Integration) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    private static async Task<Tenant> WorkspaceAsync(IServiceProvider services, string name)
    {
        var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = new AppUser { UserName = email, Email = email, CreatedAt = DateTimeOffset.UtcNow };
        await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, "BenchPassword123");
        var workspace = await sp.GetRequiredService<WorkspaceDirectory>().CreateAsync(user.Id, name, IntegrationKind.RampD365);
        var integration = await sp.GetRequiredService<ConnectionStore>().CreateIntegrationAsync(IntegrationKind.RampD365, "Ramp → D365");
        return new Tenant(scope, workspace.Id, integration.Id);
    }

    /// <summary>A mix like a year of a busy customer: mostly confirmed, some failed, blocked, retrying and queued.</summary>
    private static async Task SeedAsync(Tenant tenant, int records, int seed)
    {
        var (workspace, integration) = (tenant.Workspace, tenant.Integration);
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var factory = tenant.Scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        for (var start = 0; start < records; start += 5000)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var n = start; n < Math.Min(records, start + 5000); n++)
            {
                var bill = random.NextDouble() < 0.7;
                var roll = random.NextDouble();
                var state = roll switch { < 0.84 => SyncState.Confirmed, < 0.87 => SyncState.Posted, < 0.91 => SyncState.Failed, < 0.94 => SyncState.Blocked,
                    < 0.96 => SyncState.Skipped, < 0.98 => SyncState.Pending, _ => SyncState.RetryScheduled };
                var vendor = $"{Words[random.Next(Words.Length)]} {Suffixes[random.Next(Suffixes.Length)]}";
                var amount = Math.Round((decimal)(random.NextDouble() * random.NextDouble() * 25_000), 2);
                var created = now.AddMinutes(-random.Next(0, 365 * 24 * 60));
                var updated = created.AddMinutes(random.Next(0, 60 * 24 * 3));
                if (updated > now) updated = now;
                var number = $"INV-{created.Year}-{n:00000}";
                var record = new SyncRecord
                {
                    Id = Guid.CreateVersion7(created), WorkspaceId = workspace, IntegrationId = integration,
                    Flow = bill ? "ramp.bill→d365.vendor-invoice" : "ramp.card-transaction→d365.journal", SourceId = Guid.NewGuid().ToString(),
                    NaturalKey = bill ? $"hpus/V{n % 400:0000}/{number}" : $"RC-{n:x16}",
                    Summary = bill ? $"Bill {number} · {vendor} · {amount:#,0.00} USD" : $"Card {vendor} · {amount:#,0.00} USD",
                    State = state, Attempts = state is SyncState.Failed or SyncState.RetryScheduled ? 1 + random.Next(8) : 1,
                    ErrorCategory = state switch
                    {
                        SyncState.Failed => random.NextDouble() < 0.5 ? SyncErrorCategory.UserActionable : SyncErrorCategory.Transient,
                        SyncState.Blocked => SyncErrorCategory.MissingMapping, SyncState.RetryScheduled => SyncErrorCategory.Transient, _ => null,
                    },
                    TargetDocumentId = state is SyncState.Confirmed or SyncState.Posted ? $"APINV{n:000000}" : null,
                    SourceSnapshot = System.Text.Json.JsonSerializer.Serialize(new { id = n.ToString(System.Globalization.CultureInfo.InvariantCulture), invoice_number = number, vendor = new { name = vendor }, amount = new { amount = (long)(amount * 100), currency_code = "USD" } }),
                    MappedPayload = $$"""{"InvoiceNumber":"{{number}}","InvoiceAccount":"V{{n % 400:0000}}","Amount":{{amount}}}""",
                    MappingVersion = 12, NextAttemptAt = updated, CreatedAt = created, UpdatedAt = updated,
                };
                record.ErrorMessage = record.ErrorCategory is null ? null : $"Posting to the target failed: {record.ErrorCategory}";
                db.SyncRecords.Add(record);
                var at = created;
                foreach (var (action, to) in new[] { (AuditAction.Received, SyncState.Pending), (AuditAction.Fetched, SyncState.InFlight), (AuditAction.Mapped, SyncState.InFlight),
                             (state == SyncState.Confirmed ? AuditAction.Confirmed : AuditAction.Failed, state) })
                {
                    db.AuditEvents.Add(new AuditEvent
                    {
                        WorkspaceId = workspace, IntegrationId = integration, RecordId = record.Id, At = at, Action = action, ToState = to, Actor = "bench",
                        Message = $"{action} {record.Summary}", Detail = action == AuditAction.Mapped ? PayloadTrail.Describe(record.MappedPayload, null) : null,
                    });
                    at = at.AddSeconds(1);
                }
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }
}
