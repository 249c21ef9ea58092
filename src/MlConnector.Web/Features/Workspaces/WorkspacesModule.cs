namespace MlConnector.Web.Features.Workspaces;

public static class WorkspacesModule
{
    /// <summary>Tenants, members and the current-workspace scope the database filters by.</summary>
    public static IHostApplicationBuilder AddWorkspaces(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkspaceOptions>().BindConfiguration(WorkspaceOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<CurrentWorkspace>();
        builder.Services.AddSingleton<MemberRoleChanges>();
        builder.Services.AddScoped<WorkspaceDirectory>();
        builder.Services.AddScoped<WorkspaceMembers>();
        return builder;
    }
}
