namespace MlConnector.Web.Features.Dashboard;

public static class DashboardModule
{
    /// <summary>Each integration's dashboard: figures, the throughput chart and "Sync now".</summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DashboardQueries>();
        builder.Services.AddScoped<ThroughputQuery>();
        builder.Services.AddScoped<SyncNow>();
        return builder;
    }
}
