using Microsoft.Extensions.DependencyInjection;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Infrastructure;

/// <summary>An integration in a fresh workspace, and a scope that acts inside that workspace.</summary>
public sealed class TestIntegration(IServiceScope scope, Guid workspaceId, Guid id) : IDisposable
{
    public Guid WorkspaceId => workspaceId;

    public Guid Id => id;

    public IServiceProvider Services => scope.ServiceProvider;

    public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>Saves the built-in sandbox's credentials for <paramref name="system"/>, with another secret when given.</summary>
    public async Task SaveSandboxCredentialsAsync(ExternalSystem system, string? secret = null)
    {
        var store = Get<ConnectionStore>();
        var connection = (await store.IntegrationAsync(id))!.Value.Connections.Single(c => c.System == system);
        var (settings, secrets) = SandboxCredentials.For(system, Get<ISandboxEndpoint>())!.Value;
        if (secret is not null) secrets["ClientSecret"] = secret;
        await store.SaveAsync(connection.Id, settings, secrets, "u");
    }

    public void Dispose() => scope.Dispose();

    /// <summary>A scope acting as the owner of <paramref name="workspaceId"/> on an integration that already exists there.</summary>
    public static TestIntegration Enter(PortalHost host, Guid workspaceId, Guid integrationId)
    {
        var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Enter(workspaceId, WorkspaceRole.Owner);
        return new TestIntegration(scope, workspaceId, integrationId);
    }

    /// <summary>Signs up a new workspace on <paramref name="host"/> and creates an integration of <paramref name="kind"/> in it.</summary>
    public static async Task<TestIntegration> CreateAsync(PortalHost host, IntegrationKind kind, params ExternalSystem[] savedSystems)
    {
        Guid workspaceId;
        using (var client = host.CreateBrowserlikeClient())
            workspaceId = await SsrForms.RegisterWorkspaceAsync(client, SsrForms.Account(81), $"{kind} Co");
        using var owner = Enter(host, workspaceId, Guid.Empty);
        var integration = await owner.Get<ConnectionStore>().CreateIntegrationAsync(kind, $"{kind} test");
        var created = Enter(host, workspaceId, integration.Id);
        foreach (var system in savedSystems) await created.SaveSandboxCredentialsAsync(system);
        return created;
    }
}
