using MlConnector.Web.Data;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.ReferenceData;

/// <summary>
/// What a piece of master data is. On the ERP side: legal entities, the chart, vendors and dimension values
/// (<see cref="ReferenceItem.Group"/> = the dimension; on Visma the dimension and its segment, e.g. "SUBACCOUNT/1"). On Ramp: uploaded GL accounts and accounting vendors,
/// custom fields and their options (Group = the field's remote id), and Ramp's own vendors (payees).
/// </summary>
public enum ReferenceKind { LegalEntity, GlAccount, Vendor, DimensionValue, AccountingVendor, CustomField }

/// <summary>
/// One piece of master data as last read from a system: what mappings choose from and what gets pushed to
/// Ramp. <see cref="Group"/> narrows the kind (the dimension of a dimension value), "" when it has none.
/// </summary>
public sealed class ReferenceItem : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public ExternalSystem System { get; set; }
    public ReferenceKind Kind { get; set; }
    public string Group { get; set; } = "";
    public required string ExternalId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public bool Active { get; set; }

    /// <summary>The row as the system sent it, for fields we do not model yet and for support.</summary>
    public required string RawJson { get; set; }

    public DateTimeOffset FetchedAt { get; set; }
}
