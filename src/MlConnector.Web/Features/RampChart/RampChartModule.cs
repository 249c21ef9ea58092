namespace MlConnector.Web.Features.RampChart;

public static class RampChartModule
{
    /// <summary>The ERP's chart pushed into Ramp (accounts, vendors, dimensions), its history, and vendor links.</summary>
    public static IHostApplicationBuilder AddRampChart(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RampSessions>();
        builder.Services.AddScoped<RampChartHistory>();
        builder.Services.AddScoped<RampChartPush>();
        builder.Services.AddScoped<RampVendorLinks>();
        return builder;
    }
}
