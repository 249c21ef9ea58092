using MlConnector.Web.Data;

namespace MlConnector.Web.Features.Mappings;

/// <summary>What is being mapped: the chart, one financial dimension (<see cref="MappingEntry.Group"/>), or vendors.</summary>
public enum MappingKind { GlAccount, Dimension, Vendor }

/// <summary>How a mapping got its target: chosen by hand, a suggestion accepted (one or in bulk), a CSV import.</summary>
public enum MappingOrigin { Manual, Suggestion, Import }

/// <summary>
/// One source value of an integration (a Ramp GL account, department option or vendor) and the ERP value it
/// posts to. A row exists for every source value seen, mapped or not, so the grids, the suggestions and the
/// coverage are plain queries. <see cref="Version"/> is the id of the <see cref="MappingChange"/> that last set
/// the target: a record that stores the integration's version when it was mapped can be traced to exact targets.
/// </summary>
public sealed class MappingEntry : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public MappingKind Kind { get; set; }

    /// <summary>The ERP dimension a <see cref="MappingKind.Dimension"/> entry belongs to (e.g. "Department"); "" otherwise.</summary>
    public string Group { get; set; } = "";

    /// <summary>The source system's id of the value (what documents carry).</summary>
    public required string SourceKey { get; set; }
    public string SourceCode { get; set; } = "";
    public string SourceName { get; set; } = "";

    /// <summary>False once the source no longer lists the value; the row and its mapping stay for history.</summary>
    public bool SourcePresent { get; set; } = true;

    public string? SuggestedTargetId { get; set; }

    /// <summary>0–100: how sure the suggestion is (100 = same code).</summary>
    public int SuggestionConfidence { get; set; }
    public string? SuggestionReason { get; set; }

    /// <summary>The ERP value's external id (main account, dimension value, vendor account), or null when unmapped.</summary>
    public string? TargetId { get; set; }
    public string? ChangedBy { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>One change of one mapping, append-only: the mapping's history and the basis of its versions.</summary>
public sealed class MappingChange : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public MappingKind Kind { get; set; }
    public string Group { get; set; } = "";
    public required string SourceKey { get; set; }
    public string? OldTargetId { get; set; }
    public string? NewTargetId { get; set; }
    public MappingOrigin Origin { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// A record the sync engine holds back because this source value has no mapping. Fixing the mapping deletes the
/// hold; a record whose last hold is gone is released for another attempt.
/// </summary>
public sealed class MappingHold : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid IntegrationId { get; set; }
    public MappingKind Kind { get; set; }
    public string Group { get; set; } = "";
    public required string SourceKey { get; set; }

    /// <summary>The held record's key in the sync engine.</summary>
    public required string RecordKey { get; set; }
    public DateTimeOffset HeldAt { get; set; }
}
