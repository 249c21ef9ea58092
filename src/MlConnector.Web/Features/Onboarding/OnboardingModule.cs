namespace MlConnector.Web.Features.Onboarding;

public static class OnboardingModule
{
    /// <summary>
    /// "Get started" from anywhere: a visitor registers; a signed-in user creates another workspace.
    /// Either way the chosen integration travels along so the checklist can follow it.
    /// </summary>
    public static IEndpointRouteBuilder MapOnboarding(this IEndpointRouteBuilder app)
    {
        app.MapGet("/get-started", (HttpContext http, string? integration) =>
        {
            var listing = IntegrationCatalog.FindBySlug(integration);
            var query = listing is null ? "" : $"?integration={listing.Slug}";
            return http.User.Identity?.IsAuthenticated == true
                ? Results.LocalRedirect($"~/workspaces/new{query}")
                : Results.LocalRedirect($"~/account/register{query}");
        });
        return app;
    }
}
