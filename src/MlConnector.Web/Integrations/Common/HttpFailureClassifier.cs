using System.Net;
using System.Net.Sockets;

namespace MlConnector.Web.Integrations.Common;

/// <summary>The generic reading of an HTTP answer; each connector refines it with its system's error bodies.</summary>
public static class HttpFailureClassifier
{
    public static ConnectorFailure Classify(HttpResponseMessage response, string message)
    {
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new(FailureKind.Auth, message, StatusCode: status),
            HttpStatusCode.TooManyRequests => new(FailureKind.RateLimited, message, RetryAfter: RetryAfter(response), StatusCode: status),
            HttpStatusCode.RequestTimeout => new(FailureKind.Transient, message, StatusCode: status),
            _ when status >= 500 => new(FailureKind.Transient, message, StatusCode: status),
            _ => new(FailureKind.Permanent, message, StatusCode: status),
        };
    }

    /// <summary>Failures that never produced an answer: unreachable, refused, timed out, blocked by our guard.</summary>
    public static ConnectorFailure Classify(Exception error) => error switch
    {
        OutboundBlockedException blocked => new(FailureKind.Configuration, blocked.Message,
            "Use the address of the system itself; private and internal network addresses are not allowed."),
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } } =>
            new(FailureKind.Configuration, "The host name could not be found.", "Check the spelling of the host."),
        HttpRequestException { InnerException: OutboundBlockedException blocked } => Classify(blocked),
        HttpRequestException http => new(FailureKind.Transient, $"Could not reach the system: {http.Message}", "Check that the host is right and reachable, then try again."),
        TimeoutException or TaskCanceledException or OperationCanceledException => new(FailureKind.Transient, "The system did not answer in time.", "Try again; if it keeps happening the system may be down."),
        _ => new(FailureKind.Transient, error.Message),
    };

    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
}
