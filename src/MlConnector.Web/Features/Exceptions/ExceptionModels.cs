using MlConnector.Web.Features.Mappings;

namespace MlConnector.Web.Features.Exceptions;

/// <summary>One document of a group as finance sees it: its label and, where the group merges several messages, its own.</summary>
public sealed record InboxExample(Guid RecordId, string Summary, string? Message);

/// <summary>
/// Documents held back because one source value has no mapping ("GL code 6410 has no D365 main account — 43 bills").
/// <see cref="Suggested"/> is the mapping grid's suggestion for the value, when the ERP still lists it as active.
/// </summary>
public sealed record MappingGroup(
    Guid IntegrationId, string IntegrationName, MappingKind Kind, string Group, string SourceKey,
    string Subject, string Title, int Records, string CountText, IReadOnlyList<InboxExample> Examples, TargetOption? Suggested, int Confidence)
{
    public string Id => $"{IntegrationId:N}:{Kind}:{Group}:{SourceKey}";
}

/// <summary>
/// Documents the ERP (or our checks) refused as they are, with the same message once numbers are set aside
/// (<see cref="FinanceText.GroupKey"/>); <see cref="Key"/> is what "Try again" re-queues.
/// </summary>
public sealed record FailureGroup(
    Guid IntegrationId, string IntegrationName, string Erp, string Key, string Title, string? Hint, int Records, string CountText,
    IReadOnlyList<InboxExample> Examples)
{
    public string Id => $"{IntegrationId:N}:{Key}";
}

/// <summary>An integration that paused itself (credentials or settings): finance cannot fix it, but should know why nothing moves.</summary>
public sealed record PausedIntegration(Guid IntegrationId, string Name, string Reason, int Waiting);

/// <summary>The inbox: <see cref="Waiting"/> counts each document once, though one held on two values shows in both groups.</summary>
public sealed record InboxView(IReadOnlyList<PausedIntegration> Paused, IReadOnlyList<MappingGroup> Mappings, IReadOnlyList<FailureGroup> Failures, int Waiting);
