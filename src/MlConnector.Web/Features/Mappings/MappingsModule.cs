using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Web.Features.Mappings;

public static class MappingsModule
{
    /// <summary>Source values mapped to ERP values: grids, suggestions, history, CSV, and the holds the sync engine keeps.</summary>
    public static IHostApplicationBuilder AddMappings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MappingTargets>();
        builder.Services.AddScoped<MappingService>();
        builder.Services.AddScoped<MappingRefresh>();
        builder.Services.AddScoped<IReferencePullListener>(services => services.GetRequiredService<MappingRefresh>());
        builder.Services.AddScoped<MappingHistory>();
        builder.Services.AddScoped<MappingHolds>();
        builder.Services.AddScoped<MappingCsv>();
        return builder;
    }

    /// <summary>CSV download of one grid (the upload goes through the page, which reports errors in place).</summary>
    public static IEndpointRouteBuilder MapMappingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/w/{workspaceId:guid}/integrations/{integrationId:guid}/mappings/{kind}.csv",
            async (Guid integrationId, string kind, string? group, MappingCsv csv, CancellationToken ct) =>
            {
                if (!Enum.TryParse<MappingKind>(kind, ignoreCase: true, out var mappingKind)) return Results.NotFound();
                try
                {
                    using var text = new StringWriter();
                    await csv.ExportAsync(integrationId, mappingKind, group ?? "", text, ct);
                    var name = $"mapping-{mappingKind.ToString().ToLowerInvariant()}{(string.IsNullOrEmpty(group) ? "" : "-" + group.ToLowerInvariant())}.csv";
                    return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv", name);
                }
                catch (InvalidOperationException)
                {
                    return Results.NotFound(); // not an integration of this workspace
                }
            }).RequireWorkspacePermission(Permission.View); // every member reads the mappings; the filter enters the workspace
        return app;
    }
}
