using System.Xml.Linq;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// A small <c>$metadata</c> (CSDL 4.0) for the sets the sandbox serves, enough for a connection check or a reader that
/// wants keys and property types. Enum properties are typed Edm.String here: the sandbox does not know every
/// member of F&amp;O's enums, and JSON carries them as strings anyway.
/// </summary>
internal static class D365Metadata
{
    private static readonly XNamespace Edmx = "http://docs.oasis-open.org/odata/ns/edmx";
    private static readonly XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";
    private const string Namespace = "Microsoft.Dynamics.DataEntities";

    public static string Document()
    {
        var schema = new XElement(Edm + "Schema", new XAttribute("Namespace", Namespace),
            D365EntitySets.All.Select(set => new XElement(Edm + "EntityType", new XAttribute("Name", set.Name),
                new XElement(Edm + "Key", set.Keys.Select(k => new XElement(Edm + "PropertyRef", new XAttribute("Name", k)))),
                set.Properties.Select(p => new XElement(Edm + "Property", new XAttribute("Name", p.Name), new XAttribute("Type", EdmType(p.Kind)),
                    new XAttribute("Nullable", set.Keys.Contains(p.Name) ? "false" : "true"))))),
            new XElement(Edm + "EntityContainer", new XAttribute("Name", "Resources"),
                D365EntitySets.All.Select(set => new XElement(Edm + "EntitySet", new XAttribute("Name", set.Name), new XAttribute("EntityType", $"{Namespace}.{set.Name}")))));
        var document = new XDocument(new XElement(Edmx + "Edmx", new XAttribute("Version", "4.0"), new XAttribute(XNamespace.Xmlns + "edmx", Edmx),
            new XElement(Edmx + "DataServices", schema)));
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + document.ToString(SaveOptions.DisableFormatting);
    }

    private static string EdmType(PropKind kind) => kind switch
    {
        PropKind.Decimal => "Edm.Decimal",
        PropKind.Int => "Edm.Int64",
        PropKind.Date => "Edm.DateTimeOffset",
        _ => "Edm.String",
    };
}
