using MlConnector.Web.Features.Sync;

namespace MlConnector.Web.Features.RampD365;

public static class RampD365Module
{
    /// <summary>The Ramp → Dynamics 365 F&amp;O flows (bills → vendor invoices, card transactions → journals) and their settings.</summary>
    public static IHostApplicationBuilder AddRampD365(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RampD365SettingsStore>();
        // SyncFlows (a singleton) holds the flows; a flow reaches scoped services through its FlowContext.
        builder.Services.AddSingleton<ISyncFlow, RampBillFlow>();
        builder.Services.AddTransient<RampBillPaymentSource>();
        builder.Services.AddSingleton<ISyncFlow, RampBillPaymentFlow>();
        builder.Services.AddSingleton<ISyncFlow, RampCardTransactionFlow>();
        return builder;
    }
}
