using System.Text.Json;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Sync.Ramp;

namespace MlConnector.Web.Features.RampD365;

/// <summary>A coded line in D365's terms: the main account and the value of each financial dimension (by dimension name).</summary>
public sealed record D365Coding(string MainAccount, IReadOnlyDictionary<string, string> Dimensions);

/// <summary>A line's coding mapped to D365, or the mappings it lacks, or why a person must fix it in Ramp.</summary>
public sealed record LineCoding(D365Coding? Coding, IReadOnlyList<MissingMapping> Missing, string? Problem)
{
    public bool IsReady => Coding is not null;
}

/// <summary>
/// Reads Ramp's <c>accounting_field_selections</c> (contract §7, AccountingFieldSelection) through the integration's
/// mappings. The GL account is the selection of type <c>GL_ACCOUNT</c>, keyed by its <c>external_id</c> (the remote id
/// our chart push gave it); every other coded field is a dimension named by its category's <c>external_id</c> (the
/// field we pushed, e.g. <c>Department</c>), its option keyed by <c>external_id</c> — the keys the mapping grids use.
/// The accounting vendor (<c>MERCHANT</c>) comes from the vendor mapping instead; tax codes and subsidiaries are not
/// dimensions and are left out.
/// </summary>
public static class RampCoding
{
    private static readonly HashSet<string> NotDimensions = new(StringComparer.Ordinal) { "GL_ACCOUNT", "MERCHANT", "TAX_CODE", "SUBSIDIARY" };

    /// <param name="what">How a person finds the line: "line 2 of bill INV-1001".</param>
    public static LineCoding Map(JsonElement selections, MappingSnapshot mappings, string what)
    {
        var items = selections.ValueKind == JsonValueKind.Array ? selections.EnumerateArray().ToList() : [];
        var missing = new List<MissingMapping>();
        var gl = items.FirstOrDefault(s => RampJson.NonEmpty(s, "type") == "GL_ACCOUNT");
        if (gl.ValueKind != JsonValueKind.Object || RampJson.NonEmpty(gl, "external_id") is not { } glKey)
            return new LineCoding(null, [], $"{Capitalised(what)} has no GL account coded in Ramp. Code it in Ramp, then it is picked up again.");
        var mainAccount = mappings.TargetOf(MappingKind.GlAccount, "", glKey);
        if (mainAccount is null) missing.Add(Missing(MappingKind.GlAccount, "", glKey, gl));

        var dimensions = Dimensions(items, mappings, missing);
        return missing.Count > 0 ? new LineCoding(null, missing, null) : new LineCoding(new D365Coding(mainAccount!, dimensions), [], null);
    }

    /// <summary>
    /// Only the dimensions of <paramref name="selections"/> (a bill's own coding, which carries no GL account): the D365
    /// value per dimension name, with the options that have no mapping added to <paramref name="missing"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Dimensions(JsonElement selections, MappingSnapshot mappings, List<MissingMapping> missing) =>
        Dimensions(selections.ValueKind == JsonValueKind.Array ? selections.EnumerateArray().ToList() : [], mappings, missing);

    private static Dictionary<string, string> Dimensions(List<JsonElement> items, MappingSnapshot mappings, List<MissingMapping> missing)
    {
        var dimensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var selection in items.Where(s => RampJson.NonEmpty(s, "type") is { } type && !NotDimensions.Contains(type)))
        {
            var field = selection.TryGetProperty("category_info", out var category) ? RampJson.NonEmpty(category, "external_id") : null;
            if (field is null || RampJson.NonEmpty(selection, "external_id") is not { } optionKey) continue;
            if (mappings.TargetOf(MappingKind.Dimension, field, optionKey) is { } value) dimensions[field] = value;
            else missing.Add(Missing(MappingKind.Dimension, field, optionKey, selection));
        }
        return dimensions;
    }

    private static MissingMapping Missing(MappingKind kind, string group, string key, JsonElement selection) =>
        new(kind, group, key, RampJson.NonEmpty(selection, "external_code") ?? key, RampJson.NonEmpty(selection, "name") ?? key);

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
