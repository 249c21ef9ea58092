using System.ComponentModel.DataAnnotations;

namespace MlConnector.Web.Features.Sync;

/// <summary>The engine's knobs (section <c>Sync</c>); validated at startup.</summary>
public sealed class SyncOptions : IValidatableObject
{
    public const string Section = "Sync";

    /// <summary>Run the background workers on this node (a node may serve only the portal and webhooks).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Worker loops on this node; each claims up to <see cref="ClaimBatch"/> records at a time.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 4;

    /// <summary>Records one worker claims at a time (and works on in parallel).</summary>
    [Range(1, 100)]
    public int ClaimBatch { get; set; } = 16;

    /// <summary>Records of one integration in flight at once across all nodes, so one tenant cannot starve the rest.</summary>
    [Range(1, 256)]
    public int MaxInFlightPerIntegration { get; set; } = 16;

    /// <summary>How long a claim holds; a worker that dies leaves the record to be claimed again after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often idle workers look for due records when nothing pokes them.</summary>
    public TimeSpan IdleCheckEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Transient failures before a record is failed for a person to look at.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay after a transient failure; doubles each attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often outcomes are reported back to the sources (Ramp's accounting syncs) and polls fall due.</summary>
    public TimeSpan ScheduleEvery { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a document read whole from a poll's list page stands in for reading it again on its first attempt. Longer
    /// saves calls when a backlog takes a while to work; a webhook or replay always reads the source again.
    /// </summary>
    public TimeSpan PolledSnapshotFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Source snapshots, mapped payloads, request details and webhook bodies are kept this long, then pruned.</summary>
    public TimeSpan KeepPayloadsFor { get; set; } = TimeSpan.FromDays(90);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseDuration < TimeSpan.FromSeconds(1))
            yield return new ValidationResult("Sync:LeaseDuration must be at least one second.", [nameof(LeaseDuration)]);
        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            yield return new ValidationResult("Sync:RetryBaseDelay must be positive and not above Sync:RetryMaxDelay.", [nameof(RetryBaseDelay)]);
        if (IdleCheckEvery <= TimeSpan.Zero || ScheduleEvery <= TimeSpan.Zero)
            yield return new ValidationResult("Sync:IdleCheckEvery and Sync:ScheduleEvery must be positive.", [nameof(IdleCheckEvery)]);
        if (PolledSnapshotFor < TimeSpan.Zero)
            yield return new ValidationResult("Sync:PolledSnapshotFor cannot be negative (zero reads every document again).", [nameof(PolledSnapshotFor)]);
        if (KeepPayloadsFor < TimeSpan.FromDays(1))
            yield return new ValidationResult("Sync:KeepPayloadsFor must be at least one day, so support can read a failed record's payload.", [nameof(KeepPayloadsFor)]);
    }
}
