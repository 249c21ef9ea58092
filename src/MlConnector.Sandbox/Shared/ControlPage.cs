namespace MlConnector.Sandbox.Shared;

internal static class ControlPage
{
    /// <summary>Placeholder until the control page lands: lists the mounted simulators.</summary>
    public static void MapSandboxControlPage(this WebApplication app) =>
        app.MapGet("/sandbox", (SandboxRegistry registry) =>
            Results.Json(registry.All.Select(s => new { s.Name, path = $"/sandbox/{s.Name}", faults = s.Faults.Settings })));
}
