using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.Files;

/// <summary>What became of one delivered file.</summary>
/// <param name="AlreadyReceived">The same bytes had arrived before: <paramref name="File"/> is that earlier file.</param>
/// <param name="Intake">What the sync engine made of the good rows (nothing when the file had been handled before).</param>
public sealed record FileAcceptance(InboundFile File, bool AlreadyReceived, IntakeResult Intake);

/// <summary>
/// Takes in a file from any source: stores it with its rows and row errors first, then hands the good rows to the
/// sync engine as records of one flow. The same bytes again (renamed, re-uploaded) are recognised by their hash and
/// create nothing new. Runs inside the current workspace.
/// </summary>
public sealed partial class FileIntake(IDbContextFactory<AppDbContext> dbFactory, SyncIntake intake, TimeProvider clock, ILogger<FileIntake> log)
{
    private static readonly IntakeResult Nothing = new(0, 0, 0);

    public async Task<FileAcceptance> AcceptAsync(Guid integrationId, string source, string path, byte[] bytes, IInboundFileFormat format,
        string flowName, CancellationToken ct = default)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var earlier = await FindAsync(integrationId, hash, ct);
        if (earlier is { ProcessedAt: not null }) return new(earlier, AlreadyReceived: true, Nothing);

        var (text, unreadable) = FileText.Decode(bytes);
        var parsed = unreadable is null ? format.Parse(text) : ParsedFile.Unreadable(unreadable);
        var received = new InboundFile
        {
            IntegrationId = integrationId, Source = source, Path = SyncLedger.Clip(path, 1000)!, ContentHash = hash, Size = bytes.Length,
            ReceivedAt = clock.GetUtcNow(), Rows = parsed.DataRows, AcceptedRows = parsed.Rows.Count,
            RowErrorsJson = InboundFile.ToJson(parsed.Errors), State = parsed.State, Content = text,
        };
        var file = earlier ?? await StoreAsync(received, ct);
        var alreadyReceived = file != received;
        if (file.ProcessedAt is not null) return new(file, alreadyReceived, Nothing);

        // Stored first, handed over second: a stop in between leaves ProcessedAt empty, and the next delivery of these
        // bytes (the poller finds the file still waiting) hands the rows over then. Intake is keyed, so nothing doubles.
        var items = parsed.Rows.Select(r => new IntakeItem(flowName, r.SourceId, r.Snapshot, r.Summary)).ToList();
        var result = await intake.AcceptAsync(integrationId, items, IntakeVia.File, Actor(path), ct);
        var now = clock.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await db.InboundFiles.Where(f => f.Id == file.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.ProcessedAt, now), ct);
        file.ProcessedAt = now;
        LogAccepted(path, file.State, file.AcceptedRows, file.Rows, result.Created);
        return new(file, alreadyReceived, result);
    }

    private async Task<InboundFile?> FindAsync(Guid integrationId, string hash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The tenancy filter hides other workspaces' integrations: a file is never filed under someone else's.
        if (!await db.Integrations.AnyAsync(i => i.Id == integrationId, ct))
            throw new KeyNotFoundException($"Integration {integrationId} is not in this workspace.");
        return await db.InboundFiles.AsNoTracking().FirstOrDefaultAsync(f => f.IntegrationId == integrationId && f.ContentHash == hash, ct);
    }

    private async Task<InboundFile> StoreAsync(InboundFile file, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.InboundFiles.Add(file);
            await db.SaveChangesAsync(ct);
            return file;
        }
        catch (DbUpdateException)
        {
            // The same bytes arrived through another delivery a moment ago: that one is the file.
            var other = await FindAsync(file.IntegrationId, file.ContentHash, ct);
            if (other is null) throw;
            return other;
        }
    }

    /// <summary>The trail's actor: "file …" with the end of the path, where the file name is.</summary>
    private static string Actor(string path) => path.Length <= 250 ? "file " + path : "file …" + path[^249..];

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound file {Path}: {State}, {Accepted} of {Rows} rows accepted, {Created} new records")]
    private partial void LogAccepted(string path, InboundFileState state, int accepted, int rows, int created);
}
