namespace MlConnector.Web.Features.Records;

public static class RecordsModule
{
    /// <summary>The record explorer, a record's timeline, and the support replay console.</summary>
    public static IHostApplicationBuilder AddRecords(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RecordExplorer>();
        builder.Services.AddScoped<RecordReplays>();
        return builder;
    }
}
