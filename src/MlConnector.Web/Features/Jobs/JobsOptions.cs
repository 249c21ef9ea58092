using System.ComponentModel.DataAnnotations;

namespace MlConnector.Web.Features.Jobs;

/// <summary>How the nodes of a PostgreSQL cluster share the schedule. Nothing here applies to SQLite (one node).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How often each node records in the database that it is alive. Quartz's default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Jobs:ClusterCheckinInterval must be between 00:00:01 and 00:05:00.")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>
    /// How late a node's check-in may be before another node takes it for dead and recovers the jobs it had
    /// claimed. A dead node's jobs wait about interval + threshold; a live node that pauses longer than this
    /// (a long garbage collection, a database failover) is written off while still working. Quartz's default.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Jobs:ClusterCheckinMisfireThreshold must be between 00:00:01 and 00:10:00.")]
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(7.5);
}
