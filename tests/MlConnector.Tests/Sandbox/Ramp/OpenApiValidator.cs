using System.Globalization;
using System.Text.Json;

namespace MlConnector.Tests.Sandbox.Ramp;

/// <summary>
/// A small validator for OpenAPI 3.0 response schemas (no JSON-schema package restores from the registry):
/// <c>$ref</c>, <c>type</c>, <c>nullable</c>, <c>required</c>, <c>properties</c>, <c>items</c>, <c>enum</c>,
/// <c>allOf</c>, and <c>oneOf</c>/<c>anyOf</c> read as "at least one matches". Formats uuid and date-time are checked.
/// Extra properties are allowed (Ramp adds fields over time). A null in an optional property is accepted: Ramp's
/// spec omits <c>nullable</c> on many optional fields that the live API sends as null.
/// </summary>
public sealed class OpenApiValidator
{
    private readonly JsonElement document;

    private OpenApiValidator(JsonElement document) => this.document = document;

    public static OpenApiValidator Ramp { get; } = new(Load());

    private static JsonElement Load()
    {
        // The spec is checked in beside these tests; find it from the test binary by walking up to the repository.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "MlConnector.Tests", "Sandbox", "Ramp", "ramp-openapi.json");
            if (File.Exists(path)) return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
        }
        throw new FileNotFoundException("ramp-openapi.json not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The JSON schema of a documented response, e.g. ("get", "/developer/v1/bills", 200).</summary>
    public JsonElement ResponseSchema(string method, string path, int status) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant()).GetProperty("responses")
            .GetProperty(status.ToString(CultureInfo.InvariantCulture)).GetProperty("content").GetProperty("application/json").GetProperty("schema");

    public IEnumerable<int> ResponseStatuses(string method, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant()).GetProperty("responses")
            .EnumerateObject().Select(r => int.Parse(r.Name, CultureInfo.InvariantCulture)).ToList();

    public bool HasResponseBody(string method, string path, int status) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant()).GetProperty("responses")
            .GetProperty(status.ToString(CultureInfo.InvariantCulture)).TryGetProperty("content", out _);

    public bool HasOperation(string method, string path) =>
        document.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out _);

    public IEnumerable<string> Paths => document.GetProperty("paths").EnumerateObject().Select(p => p.Name);

    public JsonElement Schema(string name) => document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    /// <summary>Every violation, as "json.path: problem"; empty when the instance fits.</summary>
    public List<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = Schema(name);
        }
        return schema;
    }

    private void Check(JsonElement schema, JsonElement instance, string at, List<string> errors)
    {
        var nullable = schema.TryGetProperty("nullable", out var n) && n.GetBoolean();
        schema = Resolve(schema);
        nullable |= schema.TryGetProperty("nullable", out var rn) && rn.GetBoolean();
        if (instance.ValueKind == JsonValueKind.Null)
        {
            if (!nullable) errors.Add($"{at}: null is not allowed");
            return;
        }
        if (schema.TryGetProperty("allOf", out var allOf))
            foreach (var part in allOf.EnumerateArray()) Check(part, instance, at, errors);
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (!schema.TryGetProperty(keyword, out var options)) continue;
            var attempts = options.EnumerateArray().Select(o => Validate(o, instance)).ToList();
            if (attempts.All(a => a.Count > 0))
                errors.Add($"{at}: matches none of {keyword} ({string.Join(" | ", attempts.Select(a => a[0]))})");
        }
        if (schema.TryGetProperty("type", out var type) && !HasType(instance, type.GetString()!))
        {
            errors.Add($"{at}: expected {type.GetString()}, got {instance.ValueKind}");
            return;
        }
        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.ValueKind == instance.ValueKind && v.ToString() == instance.ToString()))
            errors.Add($"{at}: {instance} is not one of {values}");
        if (schema.TryGetProperty("format", out var format) && instance.ValueKind == JsonValueKind.String)
        {
            var text = instance.GetString()!;
            if (format.GetString() == "uuid" && !Guid.TryParse(text, out _)) errors.Add($"{at}: '{text}' is not a uuid");
            if (format.GetString() == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                errors.Add($"{at}: '{text}' is not a date-time");
        }
        if (instance.ValueKind == JsonValueKind.Object)
        {
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
            foreach (var name in required.Where(name => !instance.TryGetProperty(name, out _)))
                errors.Add($"{at}: missing required property '{name}'");
            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    if (!instance.TryGetProperty(property.Name, out var value)) continue;
                    if (value.ValueKind == JsonValueKind.Null && !required.Contains(property.Name)) continue;
                    Check(property.Value, value, $"{at}.{property.Name}", errors);
                }
            }
        }
        if (instance.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in instance.EnumerateArray()) Check(items, item, $"{at}[{i++}]", errors);
        }
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetInt64(out _),
        "number" => instance.ValueKind == JsonValueKind.Number,
        _ => true,
    };
}
