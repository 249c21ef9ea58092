using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.Records;

/// <summary>A person's words for states, error categories, trail actions and replay plans.</summary>
public static class RecordLabels
{
    public static string Category(SyncErrorCategory category) => category switch
    {
        SyncErrorCategory.Transient => "Outage / throttled",
        SyncErrorCategory.MissingMapping => "Missing mapping",
        SyncErrorCategory.UserActionable => "Data to fix",
        SyncErrorCategory.Configuration => "Connection / settings",
        _ => "Unexpected",
    };

    public static string Action(AuditAction action) => action switch
    {
        AuditAction.RetryScheduled => "Retry scheduled",
        AuditAction.LeaseExpired => "Worker lost",
        AuditAction.Reported => "Reported to source",
        AuditAction.Confirmed => "Confirmed in source",
        _ => action.ToString(),
    };

    public static string Plan(ReplayPlan plan, string target) => plan switch
    {
        ReplayPlan.Refused => "Refused: a worker is on it right now; replay it once it has finished.",
        ReplayPlan.LinkExisting => $"Already in {target}: looked up there and linked, not posted again.",
        ReplayPlan.LookUpThenPost => $"An earlier attempt may have landed: looks the document up in {target} first and links it if it is there, otherwise posts again.",
        ReplayPlan.MapAgain => $"Blocked on a mapping: mapped again; if the mapping is there now it is looked up in {target} and posted, otherwise it waits again.",
        _ => $"Never reached {target} as far as we know: looks it up there first anyway, then posts it.",
    };

    public static string Badge(SyncState state) => state switch
    {
        SyncState.Posted or SyncState.Confirmed => "ok",
        SyncState.Failed => "failed",
        SyncState.Blocked or SyncState.RetryScheduled => "waiting",
        SyncState.InFlight => "busy",
        _ => "neutral",
    };
}
