using System.Text;
using System.Text.Json;

namespace MlConnector.Sandbox.Visma;

/// <summary>
/// <c>/v1/dimension</c>: one dimension, <c>SUBACCOUNT</c>, whose segment 1 is Department and segment 2 the
/// cost centre (contract §6.4 leaves the mapping to the customer; this is the sandbox customer's choice).
/// </summary>
internal static class VismaDimensionEndpoints
{
    public const string Subaccount = "SUBACCOUNT";

    public static void Map(RouteGroupBuilder v1, VismaSimulator simulator)
    {
        v1.MapGet("/dimension", (HttpContext http) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            lock (caller.Company.Gate)
                return Results.Ok(query.Page([caller.Company], (c, m) => Dimension(c, query, m)));
        });

        v1.MapGet("/dimension/publicid/{publicId:guid}", (HttpContext http, Guid publicId) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            lock (caller.Company.Gate)
            {
                var value = caller.Company.Segments.SelectMany(s => s.Values).FirstOrDefault(v => v.PublicId == publicId);
                return value is null ? VismaErrors.NotFound($"No dimension value with publicId {publicId}.") : Results.Ok(Value(value, query));
            }
        });

        v1.MapGet("/dimension/{dimensionId}", (HttpContext http, string dimensionId) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            if (!IsSubaccount(dimensionId)) return VismaErrors.NotFound($"Dimension '{dimensionId}' not found.");
            lock (caller.Company.Gate)
                return Results.Ok(Dimension(caller.Company, query, new VismaMetadata(1, caller.Settings.MaxPageSize)));
        });

        v1.MapGet("/dimension/{dimensionId}/{segmentId:int}", (HttpContext http, string dimensionId, int segmentId) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            lock (caller.Company.Gate)
            {
                var segment = Find(caller.Company, dimensionId, segmentId);
                return segment is null ? VismaErrors.NotFound($"Segment {segmentId} of '{dimensionId}' not found.") : Results.Ok(Segment(segment, query));
            }
        });

        // The value id travels base64-encoded in the path (contract §6.4), since values may hold '/' or spaces.
        v1.MapGet("/dimension/{dimensionId}/{segmentId:int}/{valueId}", (HttpContext http, string dimensionId, int segmentId, string valueId) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            var decoded = Decode(valueId) ?? throw new VismaValidationException("The value id must be base64-encoded.");
            lock (caller.Company.Gate)
            {
                var value = Find(caller.Company, dimensionId, segmentId)?.Values.FirstOrDefault(v => v.ValueId == decoded);
                return value is null ? VismaErrors.NotFound($"Value '{decoded}' not found in segment {segmentId}.") : Results.Ok(Value(value, query));
            }
        });

        v1.MapPut("/dimension/{dimensionId}/{segmentId:int}", async (HttpContext http, string dimensionId, int segmentId) =>
        {
            var caller = VismaCaller.Of(http);
            var body = await VismaWire.ReadBodyAsync(http.Request);
            var company = caller.Company;
            lock (company.Gate)
            {
                var segment = Find(company, dimensionId, segmentId);
                if (segment is null) return VismaErrors.NotFound($"Segment {segmentId} of '{dimensionId}' not found.");
                var updated = Apply(segment, VismaWire.Array(body, "segmentValues"), simulator.Now());
                company.Segments[company.Segments.IndexOf(segment)] = updated;
                return Results.NoContent();
            }
        });
    }

    /// <summary>Inserts or updates values by id; a value longer than the segment, or a second insert of an id, is refused.</summary>
    private static SegmentRecord Apply(SegmentRecord segment, IReadOnlyList<JsonElement> changes, DateTimeOffset now)
    {
        var values = segment.Values.ToList();
        foreach (var change in changes)
        {
            var operation = VismaWire.Operation(change);
            var id = VismaWire.String(change, "value") ?? throw new VismaValidationException("Each segment value needs 'value'.");
            var index = values.FindIndex(v => v.ValueId == id);
            if (operation == "Insert")
            {
                if (index >= 0) throw new VismaValidationException($"Value '{id}' already exists in segment {segment.SegmentId}.");
                if (id.Length > segment.Length) throw new VismaValidationException($"Value '{id}' is longer than segment {segment.SegmentId} allows ({segment.Length}).");
                values.Add(new SegmentValueRecord(id, VismaWire.String(change, "description") ?? id, VismaWire.Bool(change, "active") ?? true,
                    VismaSeed.PublicId($"{segment.SegmentId}/{id}/{now.UtcTicks}"), now));
            }
            else if (operation == "Update")
            {
                if (index < 0) throw new VismaValidationException($"Value '{id}' does not exist in segment {segment.SegmentId}.");
                var old = values[index];
                values[index] = old with
                {
                    Description = VismaWire.String(change, "description") ?? old.Description,
                    Active = VismaWire.Bool(change, "active") ?? old.Active,
                    LastModified = now,
                };
            }
            else throw new VismaValidationException($"Segment value operation must be Insert or Update (was '{operation}').");
        }
        return segment with { Values = values };
    }

    private static bool IsSubaccount(string id) => id.Equals(Subaccount, StringComparison.OrdinalIgnoreCase);

    private static SegmentRecord? Find(VismaCompany company, string dimensionId, int segmentId) =>
        IsSubaccount(dimensionId) ? company.Segments.FirstOrDefault(s => s.SegmentId == segmentId) : null;

    private static string? Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(Uri.UnescapeDataString(base64)));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static DimensionDto Dimension(VismaCompany company, VismaQuery query, VismaMetadata metadata) =>
        new(Subaccount, "Subaccount", [.. company.Segments.Select(s => Segment(s, query))], metadata);

    private static SegmentDto Segment(SegmentRecord s, VismaQuery query) =>
        new(s.SegmentId, s.Description, s.Length, s.Validate, [.. s.Values.Select(v => Value(v, query))]);

    private static SegmentValueDto Value(SegmentValueRecord v, VismaQuery query) =>
        new(v.ValueId, v.Description, v.Active, v.PublicId, query.Format(v.LastModified));
}
