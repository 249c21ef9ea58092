namespace MlConnector.Web.Features.Sync;

public static class SyncModule
{
    /// <summary>The record ledger and its engine: intake, leased workers, retries, replay, reporting back, live events, retention.</summary>
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SyncFlows>();
        builder.Services.AddSingleton<SyncEvents>();
        builder.Services.AddSingleton<SyncSignal>();
        builder.Services.AddScoped<SyncIntake>();
        return builder;
    }
}
