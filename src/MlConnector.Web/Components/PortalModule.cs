using Radzen;

namespace MlConnector.Web.Components;

/// <summary>The Blazor portal itself: components, the request pipeline and the page endpoints.</summary>
public static class PortalModule
{
    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortalPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
