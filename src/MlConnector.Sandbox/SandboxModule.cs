using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;
using MlConnector.Sandbox.Stampli;
using MlConnector.Sandbox.Visma;

namespace MlConnector.Sandbox;

public static class SandboxModule
{
    /// <summary>The simulators of Ramp, Dynamics 365 F&amp;O and Visma.net, and a Stampli drop folder, when <c>Sandbox:Enabled</c>.</summary>
    public static IHostApplicationBuilder AddSandbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        if (!IsEnabled(builder.Configuration)) return builder;

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<SandboxOptions>>().Value;
            return SandboxCompanyGenerator.Generate(options.Seed, options.Documents);
        });
        builder.Services.AddSingleton<ISimulator, RampSimulator>();
        builder.Services.AddSingleton<ISimulator, D365Simulator>();
        builder.Services.AddSingleton<ISimulator, VismaSimulator>();
        builder.Services.AddSingleton<SandboxRegistry>();
        builder.Services.AddSingleton<StampliExportGenerator>();
        builder.Services.AddHostedService<StampliDropFolder>();
        return builder;
    }

    /// <summary>Mounts each simulator at <c>/sandbox/{name}</c>, behind the recorder and fault injector.</summary>
    public static WebApplication UseSandbox(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration)) return app;

        app.UseWhen(http => http.Request.Path.StartsWithSegments("/sandbox"),
            branch => branch.UseMiddleware<SandboxTrafficMiddleware>());
        foreach (var simulator in app.Services.GetRequiredService<SandboxRegistry>().All)
        {
            // Simulators take form posts from other programs (token endpoints): no antiforgery here.
            var routes = app.MapGroup($"/sandbox/{simulator.Name}").DisableAntiforgery().AllowAnonymous();
            routes.MapControl(simulator);
            simulator.Map(routes);
        }
        app.MapSandboxControlPage();
        return app;
    }

    private static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>($"{SandboxOptions.Section}:{nameof(SandboxOptions.Enabled)}");
}
