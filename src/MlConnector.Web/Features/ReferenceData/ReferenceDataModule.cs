namespace MlConnector.Web.Features.ReferenceData;

public static class ReferenceDataModule
{
    /// <summary>Master data read from the connected systems (what mappings choose from).</summary>
    public static IHostApplicationBuilder AddReferenceData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<D365ReferenceReader>();
        builder.Services.AddScoped<ReferenceDataService>();
        return builder;
    }
}
