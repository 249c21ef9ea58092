using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;
using MlConnector.Web.Integrations.Ramp;
using MlConnector.Web.Integrations.Stampli;
using MlConnector.Web.Integrations.Visma;

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
        builder.Services.AddHttpClient<RampClient>().AddConnectorHandlers(ExternalSystem.Ramp);
        builder.Services.AddTransient<RampPing>();
        builder.Services.AddHttpClient(D365TokenSource.HttpClientName).AddConnectorHandlers(ExternalSystem.Dynamics365);
        builder.Services.AddSingleton<D365TokenSource>();
        builder.Services.AddHttpClient<D365Client>().AddConnectorHandlers(ExternalSystem.Dynamics365);
        builder.Services.AddTransient<D365Ping>();
        builder.Services.AddHttpClient<VismaClient>().AddConnectorHandlers(ExternalSystem.VismaNet);
        builder.Services.AddTransient<VismaPing>();
        builder.Services.AddSingleton<OpenSshSftp>();
        builder.Services.AddSingleton<StampliPing>();
        builder.Services.AddSingleton<DropFolderPing>();
        return builder;
    }

    /// <summary>
    /// Every connector's HTTP pipeline, outermost first: refuse hosts outside the system's allow-list, retry
    /// per the shared policy, and connect only to public addresses (checked at connect time).
    /// </summary>
    private static IHttpClientBuilder AddConnectorHandlers(this IHttpClientBuilder client, ExternalSystem system) =>
        client
            .ConfigurePrimaryHttpMessageHandler(services => services.GetRequiredService<OutboundGuard>().CreateHandler())
            .AddHttpMessageHandler(services => new SystemHostHandler(system, services.GetRequiredService<ISandboxEndpoint>()))
            .AddHttpMessageHandler<ResilienceHandler>();
}
