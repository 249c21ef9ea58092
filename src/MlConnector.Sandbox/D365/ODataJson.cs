using System.Text;
using System.Text.Json;

namespace MlConnector.Sandbox.D365;

/// <summary>Writes F&amp;O-shaped JSON: list envelopes, single entities with etags, and error bodies (contract §2, §9).</summary>
internal static class ODataJson
{
    public const string ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";

    public static string Collection(EntitySetDef set, IEnumerable<Entity> rows, IReadOnlyList<string>? select, string serviceRoot,
        long? count, string? nextLink, bool ieee754)
    {
        return Write(writer =>
        {
            writer.WriteString("@odata.context", Context(set, select, serviceRoot, single: false));
            if (count is { } total)
            {
                if (ieee754) writer.WriteString("@odata.count", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
                else writer.WriteNumber("@odata.count", total);
            }
            writer.WriteStartArray("value");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                Properties(writer, set, row, select, ieee754);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (nextLink is not null) writer.WriteString("@odata.nextLink", nextLink);
        });
    }

    public static string Single(EntitySetDef set, Entity row, IReadOnlyList<string>? select, string serviceRoot, bool ieee754) =>
        Write(writer =>
        {
            writer.WriteString("@odata.context", Context(set, select, serviceRoot, single: true));
            Properties(writer, set, row, select, ieee754);
        });

    public static string Error(ODataFault fault) => Write(writer =>
    {
        writer.WriteStartObject("error");
        writer.WriteString("code", "");
        writer.WriteString("message", fault.Message);
        if (fault.InnerMessage is not null)
        {
            writer.WriteStartObject("innererror");
            writer.WriteString("message", fault.InnerMessage);
            writer.WriteString("type", fault.InnerType ?? "System.Exception");
            writer.WriteString("stacktrace", "   at Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataDataSource.Write(…) (sandbox)");
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    });

    public static string Etag(Entity row) =>
        $"W/\"{Convert.ToBase64String(Encoding.UTF8.GetBytes($"'1,{row.Version}'"))}\"";

    private static string Context(EntitySetDef set, IReadOnlyList<string>? select, string serviceRoot, bool single)
    {
        var projection = select is { Count: > 0 } ? $"({string.Join(",", select)})" : "";
        return $"{serviceRoot}$metadata#{set.Name}{projection}{(single ? "/$entity" : "")}";
    }

    private static void Properties(Utf8JsonWriter writer, EntitySetDef set, Entity row, IReadOnlyList<string>? select, bool ieee754)
    {
        writer.WriteString("@odata.etag", Etag(row));
        foreach (var property in set.Properties)
        {
            if (select is { Count: > 0 } && !select.Contains(property.Name)) continue;
            var value = row[property.Name];
            switch (value)
            {
                case null:
                    writer.WriteNull(property.Name);
                    break;
                case decimal or long or int when ieee754:
                    writer.WriteString(property.Name, D365Values.Text(value));
                    break;
                case decimal d:
                    writer.WriteNumber(property.Name, d);
                    break;
                case long l:
                    writer.WriteNumber(property.Name, l);
                    break;
                case int i:
                    writer.WriteNumber(property.Name, i);
                    break;
                default:
                    writer.WriteString(property.Name, D365Values.Text(value));
                    break;
            }
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
