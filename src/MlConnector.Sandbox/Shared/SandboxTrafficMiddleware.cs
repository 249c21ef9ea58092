using System.Text;
using Microsoft.AspNetCore.Diagnostics;

namespace MlConnector.Sandbox.Shared;

/// <summary>
/// In front of every simulator: records the request, then injects the configured latency and faults.
/// Control endpoints (<c>/sandbox/{name}/_control/…</c>) are neither recorded nor faulted.
/// </summary>
internal sealed class SandboxTrafficMiddleware(RequestDelegate next, SandboxRegistry registry, TimeProvider clock)
{
    private const int MaxRecordedBody = 256 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var simulator = segments.Length > 1 ? registry.Find(segments[1]) : null;
        // The host's status-code pages must not replace a simulator's (often empty) error bodies.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
        if (simulator is null || segments is [_, _, "_control", ..])
        {
            await next(context);
            return;
        }

        var sequence = simulator.Traffic.NextSequence();
        var at = clock.GetUtcNow();
        var body = await ReadBodyAsync(context.Request);
        try
        {
            var settings = simulator.Faults.Settings;
            if (settings.LatencyMs > 0) await Task.Delay(settings.LatencyMs, context.RequestAborted);
            if (simulator.Faults.NextFault() is { } fault) await simulator.WriteFaultAsync(context, fault);
            else if (settings.SlowAnswerMs > 0) await HandleThenHoldAsync(context, settings.SlowAnswerMs);
            else await next(context);
        }
        finally
        {
            simulator.Traffic.Add(new RecordedRequest(sequence, at, context.Request.Method, context.Request.Path.Value!,
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, context.Response.StatusCode));
        }
    }

    /// <summary>Runs the request to the end (a write is applied), then waits before the caller sees any byte of the answer.</summary>
    private async Task HandleThenHoldAsync(HttpContext context, int holdMs)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        await Task.Delay(holdMs, context.RequestAborted);
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any())) return "";
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 8192, leaveOpen: true);
        var buffer = new char[MaxRecordedBody];
        var read = await reader.ReadBlockAsync(buffer, 0, buffer.Length);
        request.Body.Position = 0;
        return new string(buffer, 0, read);
    }
}
