using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MlConnector.Web.Integrations.Common;

public sealed class ResilienceOptions
{
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff step when the system gives no Retry-After; doubles each time, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A Retry-After longer than this is not waited out here: the caller gets RateLimited and reschedules.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The one retry policy every connector shares. 429 is retried for any method (the system refused it
/// unprocessed), honouring Retry-After; 5xx and timeouts only for safe methods, because a write that
/// timed out may have landed; a refused connection is retried for any method (nothing was sent).
/// </summary>
public sealed partial class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<bool> SafeMethod = new("mlc.safe-method");
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly ILogger log;

    public ResilienceHandler(ResilienceOptions options, TimeProvider clock, ILogger<ResilienceHandler> log)
    {
        this.log = log;
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(SafeMethod, false), options)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited ? HttpFailureClassifier.RetryAfter(limited) : null),
                OnRetry = args =>
                {
                    LogRetry(args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(SafeMethod, request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Handler.SendBaseAsync(state.Request, ctx.CancellationToken), context, (Handler: this, Request: request));
        }
        catch (TimeoutRejectedException timeout)
        {
            // Callers classify TimeoutException as transient (and, for a write, as an unknown outcome); Polly's own type is not one.
            throw new TimeoutException($"The system did not answer within {timeout.Timeout.TotalSeconds:0.#} s.", timeout);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendBaseAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool safe, ResilienceOptions options) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => HttpFailureClassifier.RetryAfter(outcome.Result) is not { } wait || wait <= options.MaxRetryAfter,
        { Result: { } response } => safe && ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout),
        { Exception: OutboundBlockedException or HttpRequestException { InnerException: OutboundBlockedException } } => false,
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
        { Exception: HttpRequestException or TimeoutRejectedException } => safe,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retry {Attempt} in {DelayMs} ms after {Outcome}")]
    private partial void LogRetry(int attempt, double delayMs, string outcome);
}
