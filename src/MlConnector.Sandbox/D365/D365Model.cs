namespace MlConnector.Sandbox.D365;

/// <summary>EDM-ish property kinds the sandbox distinguishes (enough for filtering and JSON shape).</summary>
public enum PropKind { String, Decimal, Int, Date, Enum }

/// <summary>One OData property; <see cref="EnumType"/> names the F&amp;O enum used in filter literals.</summary>
public sealed record PropertyDef(string Name, PropKind Kind, string? EnumType = null);

/// <summary>
/// An entity set: its case-sensitive name, key (in URL order), properties (in JSON order) and whether rows
/// belong to a company (<c>dataAreaId</c>), which drives default-company scoping.
/// </summary>
public sealed record EntitySetDef(string Name, IReadOnlyList<string> Keys, IReadOnlyList<PropertyDef> Properties, bool Writable = false)
{
    public bool CompanyScoped => Keys.Contains(D365Names.DataAreaId);

    public PropertyDef? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);
}

/// <summary>One stored row. <see cref="Version"/> feeds the etag; <see cref="Posted"/> locks pending documents.</summary>
public sealed class Entity(Dictionary<string, object?> values)
{
    public Dictionary<string, object?> Values { get; } = values;

    public int Version { get; set; } = 1;

    public bool Posted { get; set; }

    public object? this[string name]
    {
        get => Values.GetValueOrDefault(name);
        set => Values[name] = value;
    }

    public string Text(string name) => this[name] as string ?? "";

    public Entity Clone() => new(new Dictionary<string, object?>(Values)) { Version = Version, Posted = Posted };
}

internal static class D365Names
{
    public const string DataAreaId = "dataAreaId";
    public const string NoYes = "NoYes";
    public const string EnumNamespace = "Microsoft.Dynamics.DataEntities.";

    /// <summary>F&amp;O's "no date" value.</summary>
    public static readonly DateTimeOffset NoDate = new(1900, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static string YesNo(bool value) => value ? "Yes" : "No";
}
