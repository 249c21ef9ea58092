using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MlConnector.Tests.Infrastructure;

/// <summary>Which portal node ran one scheduled fire of a test job.</summary>
public sealed record RecordedFire(DateTimeOffset ScheduledAt, string Node);

/// <summary>The name a test gives one portal host, injected into the jobs that host runs.</summary>
public sealed record NodeName(string Value);

/// <summary>
/// A job firing every second on the portal's own scheduler, recording which node ran which scheduled fire.
/// Several hosts in this process run it; each test keeps its fires apart by a job key of its own.
/// </summary>
public sealed class FireRecordingJob(NodeName node) : IJob
{
    private static readonly ConcurrentDictionary<JobKey, ConcurrentQueue<RecordedFire>> Fires = new();

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<RecordedFire> FiresOf(JobKey job) =>
        Fires.TryGetValue(job, out var fires) ? [.. fires] : [];

    /// <summary>For <c>replaceServices</c>: names the node and declares the job with a trigger every <see cref="Interval"/> from <paramref name="start"/>.</summary>
    public static Action<IServiceCollection> On(string node, JobKey job, DateTimeOffset start) => services =>
    {
        services.AddSingleton(new NodeName(node));
        services.AddQuartz(q =>
        {
            q.AddJob<FireRecordingJob>(j => j.WithIdentity(job).StoreDurably());
            q.AddTrigger(t => t.ForJob(job).WithIdentity(job.Name, job.Group).StartAt(start)
                .WithSimpleSchedule(s => s.WithInterval(Interval).RepeatForever()));
        });
    };

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        Fires.GetOrAdd(context.JobDetail.Key, _ => new()).Enqueue(new RecordedFire(context.ScheduledFireTimeUtc!.Value, node.Value));
        return ValueTask.CompletedTask;
    }
}
