using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Web.Integrations;

public static class IntegrationsModule
{
    /// <summary>What every connector shares: the outbound guard and the resilience policy.</summary>
    public static IHostApplicationBuilder AddConnectors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IHostResolver, DnsHostResolver>();
        builder.Services.AddSingleton<ISandboxEndpoint, PortalSandboxEndpoint>();
        builder.Services.AddSingleton<OutboundGuard>();
        builder.Services.AddSingleton(new ResilienceOptions());
        builder.Services.AddTransient<ResilienceHandler>();
        builder.Services.AddSingleton<OpenSshSftp>();
        builder.Services.AddSingleton<StampliPing>();
        return builder;
    }
}
