using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Mappings;

/// <summary>Which stored master data is a mapping's source and which its target.</summary>
public sealed record MappingSide(ExternalSystem System, ReferenceKind Kind);

/// <summary>
/// The spend system is the source, the ERP the target. Ramp codes spend with GL accounts, custom-field options
/// and its own vendors; a Ramp field maps to the ERP dimension of the same name (the field our chart push
/// creates, e.g. "Department"). Stampli's values come from its files, so its entries are added as files are
/// read rather than from a pull.
/// </summary>
public static class MappingSides
{
    public static ExternalSystem SourceSystem(IntegrationKind kind) => kind switch
    {
        IntegrationKind.StampliD365 => ExternalSystem.StampliSftp,
        _ => ExternalSystem.Ramp,
    };

    /// <summary>The integration's other system: its ERP.</summary>
    public static ExternalSystem TargetSystem(IntegrationKind kind) => ConnectionStore.SystemsOf(kind).Single(s => s != SourceSystem(kind));

    public static MappingSide Source(IntegrationKind integration, MappingKind kind) => new(SourceSystem(integration), ReferenceKindOf(kind));

    public static MappingSide Target(IntegrationKind integration, MappingKind kind) => new(TargetSystem(integration), ReferenceKindOf(kind));

    private static ReferenceKind ReferenceKindOf(MappingKind kind) => kind switch
    {
        MappingKind.GlAccount => ReferenceKind.GlAccount,
        MappingKind.Dimension => ReferenceKind.DimensionValue,
        _ => ReferenceKind.Vendor,
    };

    public static string Label(MappingKind kind, string group) => kind switch
    {
        MappingKind.GlAccount => "GL accounts",
        MappingKind.Dimension => group,
        _ => "Vendors",
    };
}
