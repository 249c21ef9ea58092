namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// Ramp-specific switches beside the shared <c>/_control</c> ones: things a Ramp user does in the UI (pay a bill,
/// a charge clears), raw events, so tests and the control page can drive webhooks over HTTP, and items Ramp refuses.
/// </summary>
internal static class RampControlEndpoints
{
    public sealed record EventRequest(string EventType, string ObjectId);

    public sealed record UploadRejection(string RemoteId, string Message);

    public static void Map(RouteGroupBuilder control, RampSimulator simulator)
    {
        control.MapPost("/bills/{id}/approve", (string id) => simulator.ApproveBill(id) ? Results.NoContent() : Results.NotFound());
        control.MapPost("/bills/{id}/pay", (string id) => simulator.MarkBillPaid(id) ? Results.NoContent() : Results.NotFound());
        control.MapPost("/transactions/{id}/clear", (string id) => simulator.ClearTransaction(id) ? Results.NoContent() : Results.NotFound());
        control.MapPost("/events", (EventRequest[] events) =>
        {
            if (events.Any(e => !RampWebhookEndpoints.EventTypes.Contains(e.EventType))) return Results.BadRequest();
            simulator.EmitEvents(events.Select(e => (e.EventType, e.ObjectId)));
            return Results.Accepted();
        });
        control.MapPost("/upload-rejections", (UploadRejection rejection) =>
        {
            if (string.IsNullOrWhiteSpace(rejection.RemoteId) || string.IsNullOrWhiteSpace(rejection.Message)) return Results.BadRequest();
            simulator.RejectUploadsOf(rejection.RemoteId, rejection.Message);
            return Results.NoContent();
        });
    }
}
