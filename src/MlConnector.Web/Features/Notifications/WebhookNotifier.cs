using System.Net.Http.Headers;
using System.Text.Json;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.Notifications;

/// <summary>
/// POSTs a notice as JSON to the workspace's URL, through the outbound guard like every connector (no private or loopback
/// addresses but the sandbox's, no redirects). With a shared secret the body is signed: <c>X-MlConnector-Signature:
/// sha256=&lt;hex HMAC-SHA256 of the exact body bytes&gt;</c>, so the receiver can check it came from us unaltered.
/// </summary>
public sealed class WebhookNotifier(IHttpClientFactory clients)
{
    public const string HttpClientName = "notification-webhooks";
    public const string SignatureHeader = "X-MlConnector-Signature";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SendResult> SendAsync(Notice notice, Uri url, string? secret, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = notice.Id, type = notice.Type, at = notice.At, subject = notice.Subject, message = notice.Text,
            workspace = new { id = notice.WorkspaceId, name = notice.WorkspaceName },
            integration = notice.IntegrationId is { } integrationId ? new { id = integrationId, name = notice.IntegrationName } : null,
            failedLastHour = notice.FailedLastHour, threshold = notice.Threshold, link = notice.Link,
        }, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-MlConnector-Event", notice.Type);
        request.Headers.Add("X-MlConnector-Delivery", notice.Id);
        if (!string.IsNullOrEmpty(secret)) request.Headers.Add(SignatureHeader, Sign(body, secret));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
            return response.IsSuccessStatusCode ? SendResult.Delivered
                : SendResult.Failed($"{url.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (HttpRequestException error) when (error.InnerException is OutboundBlockedException blocked)
        {
            return SendResult.Failed(blocked.Message);
        }
        catch (OutboundBlockedException blocked)
        {
            return SendResult.Failed(blocked.Message);
        }
        catch (HttpRequestException error)
        {
            return SendResult.Failed($"Could not reach {url.Host}: {error.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return SendResult.Failed($"{url.Host} did not answer within 10 seconds.");
        }
    }

    public static string Sign(byte[] body, string secret) => "sha256=" + Webhooks.WebhookSignature.Sign(secret, body);
}
