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

/// <summary>
/// One stored row. <see cref="Version"/> feeds the etag; <see cref="Posted"/> locks pending documents. A row in the
/// store tells it before it changes, so an open <c>$batch</c> changeset can put the row back if the changeset fails.
/// </summary>
public sealed class Entity(Dictionary<string, object?> values)
{
    private readonly Dictionary<string, object?> values = values;
    private int version = 1;
    private bool posted;

    /// <summary>The store holding this row; null for new rows and copies.</summary>
    internal D365Store? Owner { get; set; }

    public IReadOnlyDictionary<string, object?> Values => values;

    public int Version
    {
        get => version;
        set
        {
            Owner?.Changing(this);
            version = value;
        }
    }

    public bool Posted
    {
        get => posted;
        set
        {
            Owner?.Changing(this);
            posted = value;
        }
    }

    public object? this[string name]
    {
        get => values.GetValueOrDefault(name);
        set
        {
            Owner?.Changing(this);
            values[name] = value;
        }
    }

    public string Text(string name) => this[name] as string ?? "";

    public Entity Clone() => new(new Dictionary<string, object?>(values)) { version = version, posted = posted };

    /// <summary>Puts back what <see cref="Clone"/> copied, without telling the store (this is the rollback).</summary>
    internal void Reset(Entity saved)
    {
        values.Clear();
        foreach (var (name, value) in saved.values) values[name] = value;
        version = saved.version;
        posted = saved.posted;
    }
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
