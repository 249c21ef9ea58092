using System.Net;
using Microsoft.Extensions.Logging;
using MlConnector.Sandbox.Shared;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Connectors;

/// <summary>The shared retry policy, against the sandbox's real fault injection over HTTP.</summary>
public sealed class ResilienceHandlerTests : IAsyncLifetime
{
    private readonly SandboxHost sandbox = new();
    private readonly RecordingLogger log = new();
    private ISimulator simulator = default!;
    private HttpClient client = default!;

    public async Task InitializeAsync()
    {
        await sandbox.InitializeAsync();
        simulator = sandbox.Registry["visma"];
        var options = new ResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(20), MaxRetryAfter = TimeSpan.FromSeconds(5) };
        client = new HttpClient(new ResilienceHandler(options, TimeProvider.System, log) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = new Uri(sandbox.BaseAddress, "sandbox/visma/"),
        };
    }

    [Fact]
    public async Task Get_RateLimited_WaitsRetryAfterThenSucceeds()
    {
        simulator.Faults.Settings = new FaultSettings { RateLimitNext = 1, RetryAfterSeconds = 1 };

        var response = await client.GetAsync("probe");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound); // the probe path itself does not exist: it got through
        simulator.Traffic.Since().Select(r => r.Status).ShouldBe([429, 404]);
        log.Messages.ShouldBe(["Retry 1 in 1000 ms after 429"]);
    }

    [Fact]
    public async Task Get_ServerErrors_RetriedWithBackoff()
    {
        simulator.Faults.Settings = new FaultSettings { ServerErrorNext = 2 };

        (await client.GetAsync("probe")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        simulator.Traffic.Since().Count.ShouldBe(3);
        log.Messages.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Post_ServerError_IsNeverRetried()
    {
        simulator.Faults.Settings = new FaultSettings { ServerErrorNext = 1 };

        var response = await client.PostAsync("probe", new StringContent("{}"));

        ((int)response.StatusCode).ShouldBeGreaterThanOrEqualTo(500);
        simulator.Traffic.Since().Count.ShouldBe(1, "a write that failed with 5xx may have landed");
        HttpFailureClassifier.Classify(response, "x").Kind.ShouldBe(FailureKind.Transient);
    }

    [Fact]
    public async Task Post_RateLimited_IsRetried_BecauseTheSystemRefusedItUnprocessed()
    {
        simulator.Faults.Settings = new FaultSettings { RateLimitNext = 1, RetryAfterSeconds = 0 };

        (await client.PostAsync("probe", new StringContent("{}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        simulator.Traffic.Since().Select(r => r.Body).ShouldBe(["{}", "{}"]);
    }

    [Fact]
    public async Task RetryAfterLongerThanTheCap_ComesBackAsRateLimited()
    {
        simulator.Faults.Settings = new FaultSettings { RateLimitNext = 5, RetryAfterSeconds = 120 };

        var response = await client.GetAsync("probe");

        simulator.Traffic.Since().Count.ShouldBe(1);
        var failure = HttpFailureClassifier.Classify(response, "slow down");
        failure.Kind.ShouldBe(FailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Get_PersistentOutage_GivesUpAfterMaxRetries()
    {
        simulator.Faults.Settings = new FaultSettings { ServerErrorShare = 1 };

        ((int)(await client.GetAsync("probe")).StatusCode).ShouldBeGreaterThanOrEqualTo(500);

        simulator.Traffic.Since().Count.ShouldBe(4); // the try and three retries
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await sandbox.DisposeAsync();
    }

    private sealed class RecordingLogger : ILogger<ResilienceHandler>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
