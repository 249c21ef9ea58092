using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.Records;

/// <summary>Which side of the connector a trail entry happened on: the spend system, ml-connector itself, or the ERP.</summary>
public enum TimelineLane { Source, Connector, Target }

/// <summary>A payload as a Mapped event kept it; <see cref="Diff"/> against the previous kept version when both are known.</summary>
public sealed record PayloadVersion(string Sha256, string? Pretty, bool Unchanged, IReadOnlyList<DiffLine>? Diff);

/// <summary>One entry of the record's single timeline; <see cref="Attempt"/> counts reads of the source (each starts an attempt).</summary>
public sealed record TimelineEntry(long Id, DateTimeOffset At, AuditAction Action, TimelineLane Lane, int? Attempt, SyncState? From, SyncState To,
    string Actor, string? Message, string? Detail, int? DurationMs, PayloadVersion? Payload);

/// <summary>Everything the record page shows. Payload texts are only ever built for roles that may explore records.</summary>
public sealed record RecordDetail(SyncRecord Record, RecordIntegration Integration, string SourceSystem, string TargetSystem,
    string? SourceSnapshot, string? MappedPayload, IReadOnlyList<TimelineEntry> Timeline, bool EarlierPayloadsKept);

/// <summary>Builds the timeline from the trail (oldest first): lanes, attempts, and the payload's versions with diffs.</summary>
public static class RecordTimeline
{
    public static IReadOnlyList<TimelineEntry> Build(IReadOnlyList<AuditEvent> trail)
    {
        var entries = new List<TimelineEntry>(trail.Count);
        var (attempt, mapped) = (0, false);
        string? lastKept = null;
        foreach (var audit in trail.OrderBy(a => a.Id))
        {
            if (audit.Action == AuditAction.Fetched) (attempt, mapped) = (attempt + 1, false);
            if (audit.Action == AuditAction.Mapped) mapped = true;
            PayloadVersion? payload = null;
            var detail = audit.Detail;
            if (audit.Action == AuditAction.Mapped && PayloadTrail.Read(audit.Detail) is { } kept)
            {
                detail = null;
                var pretty = kept.Payload is null ? null : LineDiff.Pretty(kept.Payload);
                var diff = pretty is not null && lastKept is not null ? LineDiff.Compare(lastKept, pretty) : null;
                payload = new PayloadVersion(kept.Sha256, pretty, kept.Unchanged == true, diff);
                if (pretty is not null) lastKept = pretty;
            }
            // Arrivals and replays happen between attempts, not in one.
            var between = audit.Action is AuditAction.Received or AuditAction.Requeued or AuditAction.Replayed or AuditAction.Released;
            entries.Add(new TimelineEntry(audit.Id, audit.At, audit.Action, Lane(audit, mapped), attempt == 0 || between ? null : attempt, audit.FromState, audit.ToState,
                audit.Actor, audit.Message, detail, audit.DurationMs, payload));
        }
        return entries;
    }

    /// <param name="mapped">Whether this attempt got as far as a payload: a failure after that is the target's answer.</param>
    public static TimelineLane Lane(AuditEvent audit, bool mapped) => audit.Action switch
    {
        AuditAction.Received or AuditAction.Requeued or AuditAction.Fetched or AuditAction.Reported or AuditAction.Confirmed => TimelineLane.Source,
        AuditAction.Posted or AuditAction.Linked => TimelineLane.Target,
        AuditAction.Failed or AuditAction.RetryScheduled or AuditAction.Paused when audit.Message is { } message =>
            message.StartsWith(SyncFailures.FetchFailed, StringComparison.Ordinal) ? TimelineLane.Source
            : mapped && !message.StartsWith(SyncFailures.UnexpectedError, StringComparison.Ordinal) ? TimelineLane.Target
            : TimelineLane.Connector,
        _ => TimelineLane.Connector,
    };
}
