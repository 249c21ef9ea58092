namespace MlConnector.Web.Features.Connections;

public static class ConnectionsModule
{
    /// <summary>Integrations, their connections and encrypted credentials.</summary>
    public static IHostApplicationBuilder AddConnections(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConnectionSecrets>();
        builder.Services.AddScoped<ConnectionStore>();
        builder.Services.AddScoped<ConnectionPinger>();
        return builder;
    }
}
