using System.Globalization;
using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// Dynamics 365 Finance &amp; Operations, as far as a connector sees it: an Entra-style token endpoint at
/// <c>/sandbox/d365/{tenant}/oauth2/v2.0/token</c> and OData at <c>/sandbox/d365/data/</c> (spec:
/// shared/contracts/d365.md). The environment URL — token audience, scope <c>{url}/.default</c> — is the simulator's
/// own base URL (<c>{scheme}://{host}/sandbox/d365</c>) or <see cref="D365SandboxApp.FakeEnvironmentUrl"/>.
/// </summary>
public sealed class D365Simulator : ISimulator
{
    private readonly SandboxCompany company;
    private readonly Lock gate = new();
    private D365Settings settings = new();

    public D365Simulator(SandboxCompany company, TimeProvider? clock = null)
    {
        this.company = company;
        Tokens = new D365Tokens(clock ?? TimeProvider.System);
        Throttle = new D365Throttle(clock ?? TimeProvider.System);
        OData = new D365ODataService(Store, () => Settings);
        Reset();
    }

    internal const string ThrottledMessage =
        "This request could not be processed at this time due to system experiencing high resource utilization. Please try again later.";

    public string Name => "d365";

    public SimulatorFaults Faults { get; } = new(seed: 1);

    public TrafficLog Traffic { get; } = new();

    public SandboxCompany Company => company;

    public D365Tokens Tokens { get; }

    internal D365Throttle Throttle { get; }

    internal D365Store Store { get; } = new();

    internal D365ODataService OData { get; }

    /// <summary>Switches (page size, duplicate policy, dimension formats…); replace with <c>with { … }</c>.</summary>
    public D365Settings Settings
    {
        get { lock (gate) return settings; }
        set { lock (gate) settings = value; }
    }

    /// <summary>Registers another app (e.g. one whose mapped user defaults to <c>hpuk</c>) until the next reset.</summary>
    public void RegisterClient(D365Client client) => Tokens.Register(client);

    /// <summary>
    /// Test-only stand-in for posting a pending vendor invoice: the header and its lines become read-only and, unless
    /// <see cref="D365Settings.HidePostedInvoices"/> is off, leave the pending sets (they still count as duplicates).
    /// </summary>
    public bool PostVendorInvoice(string dataAreaId, string headerReference) =>
        Post(D365EntitySets.InvoiceHeaders, dataAreaId, headerReference);

    /// <summary>Test-only stand-in for posting a journal: <c>IsPosted</c> becomes Yes and no more lines are taken.</summary>
    public bool PostJournal(string dataAreaId, string journalBatchNumber) =>
        Post(D365EntitySets.JournalHeaders, dataAreaId, journalBatchNumber);

    public void Map(RouteGroupBuilder routes)
    {
        D365TokenEndpoint.Map(routes, this);
        // Test and control-page hooks under _control, so the traffic recorder neither logs nor faults them.
        routes.MapPost("/_control/vendor-invoices/{dataAreaId}/{headerReference}/post", (string dataAreaId, string headerReference) =>
            PostVendorInvoice(dataAreaId, headerReference) ? Results.NoContent() : Results.NotFound());
        routes.MapPost("/_control/journals/{dataAreaId}/{batch}/post", (string dataAreaId, string batch) =>
            PostJournal(dataAreaId, batch) ? Results.NoContent() : Results.NotFound());
        routes.MapGet("/_control/settings", () => Settings);
        routes.MapPut("/_control/settings", (D365Settings replacement) =>
        {
            Settings = replacement;
            return Results.Ok(replacement);
        });
        routes.MapPost("/_control/clients", (D365Client client) =>
        {
            RegisterClient(client);
            return Results.NoContent();
        });
        routes.Map("/data/{**path}", (HttpContext http) => D365Http.HandleAsync(http, this));
    }

    public void Reset()
    {
        Store.Load(D365Seed.Build(company));
        Tokens.Reset();
        Throttle.Reset();
        Settings = new D365Settings();
    }

    /// <summary>The audiences this environment accepts, for the request's own host.</summary>
    public IReadOnlyCollection<string> AudiencesFor(HttpContext http) =>
        [D365Tokens.NormalizeAudience(BaseUrl(http)), D365Tokens.NormalizeAudience(D365SandboxApp.FakeEnvironmentUrl)];

    internal string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/sandbox/{Name}";

    public async Task WriteFaultAsync(HttpContext context, InjectedFault fault)
    {
        var rateLimited = fault.Kind == FaultKind.RateLimited;
        context.Response.StatusCode = rateLimited ? 429 : 503;
        context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (context.Request.Path.Value?.Contains("/oauth2/", StringComparison.Ordinal) == true)
        {
            // Entra throttles and fails in its own shape.
            await D365TokenEndpoint.Error(context.Response.StatusCode, "temporarily_unavailable", rateLimited ? 50196 : 90033,
                rateLimited ? "The server is temporarily throttling requests." : "A transient error has occurred. Please try again.").ExecuteAsync(context);
            return;
        }
        var message = rateLimited ? ThrottledMessage : "The service is temporarily unavailable. Please try again later.";
        context.Response.ContentType = ODataJson.ContentType;
        await context.Response.WriteAsync(ODataJson.Error(new ODataFault(context.Response.StatusCode, message)), context.RequestAborted);
    }

    private bool Post(string set, string dataAreaId, string number)
    {
        lock (Store.Gate)
        {
            var header = Store.Find(set, dataAreaId, number);
            if (header is null) return false;
            header.Posted = true;
            if (set == D365EntitySets.JournalHeaders) header["IsPosted"] = "Yes";
            header.Version++;
            var lineSet = set == D365EntitySets.InvoiceHeaders ? D365EntitySets.InvoiceLines : D365EntitySets.JournalLines;
            foreach (var line in Store.Lines(lineSet, dataAreaId, number)) line.Posted = true;
            return true;
        }
    }
}
