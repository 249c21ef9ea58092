using CsvHelper;
using Microsoft.EntityFrameworkCore;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Mappings;

/// <summary>
/// One grid's mappings as CSV, for review in a spreadsheet and bulk edits. Import is all or nothing: every bad
/// row is reported by its line number and nothing changes unless every row is good. An empty target clears a mapping.
/// </summary>
public sealed class MappingCsv(IDbContextFactory<AppDbContext> dbFactory, MappingTargets targets, MappingService mappings, CurrentWorkspace current)
{
    public static readonly string[] Columns = ["source_key", "source_code", "source_name", "target_id", "target_name"];
    private static readonly string[] Required = ["source_key", "target_id"];

    public async Task ExportAsync(Guid integrationId, MappingKind kind, string group, TextWriter output, CancellationToken ct = default)
    {
        List<MappingEntry> entries;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            entries = await db.MappingEntries.AsNoTracking().Where(e => e.IntegrationId == integrationId && e.Kind == kind && e.Group == group)
                .OrderBy(e => e.SourceCode).ThenBy(e => e.Id).ToListAsync(ct);
        }
        var names = await targets.FindAsync(integrationId, kind, group, entries.Select(e => e.TargetId).OfType<string>().ToHashSet(), ct);
        // Names come from other systems: a leading "=" or "+" must not become a formula in a spreadsheet.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        foreach (var column in Columns) csv.WriteField(column);
        await csv.EndRecordAsync();
        foreach (var e in entries)
        {
            foreach (var field in new[] { e.SourceKey, e.SourceCode, e.SourceName, e.TargetId ?? "", e.TargetId is { } t ? names.GetValueOrDefault(t)?.Name ?? "" : "" })
                csv.WriteField(field);
            await csv.EndRecordAsync();
        }
        await csv.FlushAsync();
    }

    public async Task<MappingResult> ImportAsync(Guid integrationId, MappingKind kind, string group, TextReader input, string actor,
        CancellationToken ct = default)
    {
        // Before reading: a file with errors never reaches MappingService's own check.
        current.Demand(Permission.EditMappings, "import mappings");
        var (edits, lines, errors) = await ReadAsync(input);
        if (errors.Count > 0)
        {
            // Report the readable rows' problems too, so one round of fixes is enough.
            var all = errors.Concat(await mappings.CheckAsync(integrationId, kind, group, edits, lines, ct)).OrderBy(e => e.Line).ToList();
            return new MappingResult(all, 0, 0, []);
        }
        if (edits.Count == 0) return new MappingResult([new MappingError(1, "", "The file has no rows below its header.")], 0, 0, []);
        return await mappings.SetAsync(integrationId, kind, group, edits, actor, MappingOrigin.Import, ct, lines);
    }

    private static async Task<(List<MappingEdit> Edits, List<int> Lines, List<MappingError> Errors)> ReadAsync(TextReader input)
    {
        var (edits, lines, errors) = (new List<MappingEdit>(), new List<int>(), new List<MappingError>());
        // Spreadsheets in some locales save with ";": let the reader detect the separator.
        await using var reader = CsvReader.Create(input, new CsvReaderOptions
        {
            HasHeader = false, DetectSeparatorHint = true, TrackLineNumbers = true, FieldCountMismatch = CsvFieldCountHandling.Allow,
        }, leaveOpen: true);
        if (!await reader.ReadAsync()) return (edits, lines, [new MappingError(1, "", "The file is empty; expected a header row.")]);
        var header = Fields(reader).Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        foreach (var unknown in header.Where(h => !Columns.Contains(h)))
            errors.Add(new(1, "", $"Unknown column '{unknown}'. Columns are: {string.Join(", ", Columns)}."));
        foreach (var missing in Required.Where(r => !header.Contains(r)))
            errors.Add(new(1, "", $"Missing column '{missing}'."));
        if (errors.Count > 0) return (edits, lines, errors);
        var (keyAt, targetAt) = (header.IndexOf("source_key"), header.IndexOf("target_id"));
        while (await reader.ReadAsync())
        {
            var (record, line) = (Fields(reader), (int)reader.LineNumber);
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length != header.Count)
            {
                errors.Add(new(line, "", $"Expected {header.Count} fields, found {record.Length}."));
                continue;
            }
            var key = record[keyAt].Trim();
            if (key.Length == 0)
            {
                errors.Add(new(line, "", "source_key is empty."));
                continue;
            }
            var target = record[targetAt].Trim();
            edits.Add(new MappingEdit(key, target.Length == 0 ? null : target));
            lines.Add(line);
        }
        return (edits, lines, errors);
    }

    private static string[] Fields(CsvReader reader) => Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
}
