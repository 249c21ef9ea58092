namespace MlConnector.Sandbox.Shared;

/// <summary>
/// <c>/sandbox/{name}/_control</c>: fault switches, the request log and reset, for tests and the control page.
/// </summary>
internal static class ControlEndpoints
{
    public static void MapControl(this RouteGroupBuilder routes, ISimulator simulator)
    {
        var control = routes.MapGroup("/_control");
        control.MapGet("/faults", () => simulator.Faults.Settings);
        control.MapPut("/faults", (FaultSettings settings) =>
        {
            simulator.Faults.Settings = settings;
            return Results.Ok(settings);
        });
        control.MapPost("/expire-tokens", () =>
        {
            simulator.Faults.ExpireTokensNow();
            return Results.NoContent();
        });
        control.MapGet("/requests", (long? after) => simulator.Traffic.Since(after ?? 0));
        control.MapDelete("/requests", () =>
        {
            simulator.Traffic.Clear();
            return Results.NoContent();
        });
        control.MapPost("/reset", () =>
        {
            simulator.Reset();
            simulator.Faults.Reset();
            simulator.Traffic.Clear();
            return Results.NoContent();
        });
    }
}
