using Quartz;

namespace MlConnector.Web.Features.Jobs;

public static class JobsModule
{
    /// <summary>
    /// Quartz.NET with its built-in hosted service; each capability adds its own jobs and triggers.
    /// The store is in memory for now: the persistent, clustered store (each job once across nodes)
    /// comes with the sync engine.
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddQuartz(q => q.UseInMemoryStore());
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
