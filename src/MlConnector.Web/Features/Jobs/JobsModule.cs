using Microsoft.Extensions.Options;
using MlConnector.Web.Data;
using Npgsql;
using Quartz;

namespace MlConnector.Web.Features.Jobs;

public static class JobsModule
{
    /// <summary>Every node's scheduler has this name: Quartz's cluster is the schedulers of one name on one database.</summary>
    public const string SchedulerName = "ml-connector";

    /// <summary>
    /// Quartz.NET with its built-in hosted service; each capability adds its own jobs and triggers.
    /// On PostgreSQL the schedule lives in the database and the nodes form a Quartz cluster, so each
    /// trigger fires on exactly one node; on SQLite (one node) it lives in memory.
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // The store has to be chosen while services are registered. A PostgreSQL setting without a connection
        // string falls through to memory here and is reported by DatabaseOptions' validation at startup.
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            if (database.IsPostgreSql && !string.IsNullOrWhiteSpace(database.ConnectionString))
                UseClusteredStore(builder.Services, q, database.ConnectionString);
            else
                // Nothing to share with: the modules declare every trigger again at each start, which is all a
                // single node needs. Quartz's SQLite store would add a second writer to the portal's file.
                q.UseInMemoryStore();
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        BoundedSchedulerStop.Replace(builder.Services);
        return builder;
    }

    private static void UseClusteredStore(IServiceCollection services, IQuartzBuilder q, string connectionString)
    {
        q.UsePersistentStore(store =>
        {
            store.UsePostgres(NpgsqlFactory.Instance, connectionString);
            store.UseSystemTextJsonSerializer();
            // The tables come from the migration QuartzStore, applied by DatabaseMigrator before this scheduler
            // starts (it is the first hosted service). Quartz only checks them and refuses to start without them.
            store.ConfigureStore(options => options.SchemaProvisioning = SchemaProvisioning.Validate);
            store.UseClustering();
        });
        // AUTO: host name + start time, unique per node and per restart.
        q.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true);
        services.AddOptions<ClusteringOptions>().Configure<IOptions<JobsOptions>>((cluster, jobs) =>
        {
            cluster.CheckinInterval = jobs.Value.ClusterCheckinInterval;
            cluster.CheckinMisfireThreshold = jobs.Value.ClusterCheckinMisfireThreshold;
        });

        // Every node declares the same jobs and triggers at startup: the first to start stores them, the others
        // and every restart keep what is stored. Replacing would reset each trigger's history at every start (an
        // interval counted from startup would start over; a daily run missed while all nodes were down would be
        // dropped instead of made up by its misfire policy). The price, in the README: a schedule changed in code
        // or configuration reaches a database that already holds the trigger only once that trigger is deleted.
        services.Configure<QuartzOptions>(options => options.Scheduling.IgnoreDuplicates = true);
    }
}
