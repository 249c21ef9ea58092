using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;

namespace MlConnector.Sandbox.Visma;

/// <summary>
/// Visma.net ERP (Financials) and its Visma Connect token endpoint, as described in contracts/visma.md.
/// Mirrors the real hosts under <c>/sandbox/visma</c>: <c>/connect/token</c> (connect.visma.com) and
/// <c>/v1/…</c> (api.finance.visma.net). Each legal entity of the seed is one company (see <see cref="VismaSandboxApp"/>).
/// </summary>
public sealed class VismaSimulator : ISimulator
{
    private readonly SandboxCompany company;
    private IReadOnlyDictionary<int, VismaCompany> companies = new Dictionary<int, VismaCompany>();
    private VismaSettings settings = new();

    public VismaSimulator(SandboxCompany company, TimeProvider clock)
    {
        this.company = company;
        Clock = clock;
        Connect = new VismaConnect(Faults, clock);
        Limiter = new VismaRateLimiter(clock);
        Reset();
    }

    public string Name => "visma";

    public SimulatorFaults Faults { get; } = new(seed: 1);

    public TrafficLog Traffic { get; } = new();

    public SandboxCompany Company => company;

    /// <summary>Switches for the contract's open questions; <see cref="Reset"/> restores the defaults.</summary>
    public VismaSettings Settings
    {
        get => Volatile.Read(ref settings);
        set => Volatile.Write(ref settings, value);
    }

    internal TimeProvider Clock { get; }

    /// <summary>Now, to the millisecond: timestamps are written with milliseconds, so a filter on a value
    /// read back must match the stored value exactly (">" its own stamp excludes the record).</summary>
    internal DateTimeOffset Now()
    {
        var now = Clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    internal VismaConnect Connect { get; }

    internal VismaRateLimiter Limiter { get; }

    internal IReadOnlyDictionary<int, VismaCompany> Companies => Volatile.Read(ref companies);

    /// <summary>Registers another app (e.g. one with fewer scopes or tenants), as the Developer Portal would.</summary>
    public void RegisterClient(VismaClient client) => Connect.Register(client);

    public void Map(RouteGroupBuilder routes)
    {
        Connect.Map(routes);
        // Sandbox-only: register an app over HTTP. Under /_control, so it is neither recorded nor faulted.
        routes.MapPost("/_control/clients", (VismaClient client) =>
        {
            if (string.IsNullOrEmpty(client.ClientId) || string.IsNullOrEmpty(client.ClientSecret) || client.Scopes is null || client.TenantIds is null)
                return Results.BadRequest(new { error = "clientId, clientSecret, scopes and tenantIds are required." });
            Connect.Register(client);
            return Results.NoContent();
        });
        routes.MapGet("/_control/settings", () => Settings);
        routes.MapPut("/_control/settings", (VismaSettings value) =>
        {
            if (value.Problem() is { } problem) return Results.BadRequest(new { error = problem });
            Settings = value;
            return Results.Ok(value);
        });

        var v1 = routes.MapGroup("/v1").AddEndpointFilter(new VismaApiGate(this));
        VismaSupplierEndpoints.Map(v1, this);
        VismaSupplierInvoiceEndpoints.Map(v1, this);
        VismaAccountEndpoints.Map(v1);
        VismaDimensionEndpoints.Map(v1, this);
        VismaPurchaseOrderEndpoints.Map(v1, this);
        // Anything else under /v1 (after the gate, so still 401 without a token): Visma's 404, not an empty one.
        v1.Map("/{**path}", (string path) => VismaErrors.NotFound($"No resource at /v1/{path}."));
    }

    /// <summary>Back to the seed: data, number series, settings, issued tokens, registered apps and rate buckets.</summary>
    public void Reset()
    {
        Volatile.Write(ref companies, VismaSandboxApp.Companies.ToDictionary(c => c.CompanyId,
            c => VismaSeed.Build(company, c.LegalEntityId, c.CompanyId, c.TenantId)));
        Settings = new VismaSettings();
        Connect.Reset();
        Limiter.Reset();
    }

    public Task WriteFaultAsync(HttpContext context, InjectedFault fault)
    {
        var retryAfter = Math.Max(1, fault.RetryAfterSeconds);
        var isToken = context.Request.Path.Value!.EndsWith("/connect/token", StringComparison.OrdinalIgnoreCase);
        IResult result = fault.Kind switch
        {
            FaultKind.RateLimited when isToken => VismaErrors.OAuth(429, "slow_down", "Too many token requests."),
            FaultKind.RateLimited => VismaErrors.TooManyRequests(context, retryAfter, Settings.RateLimit),
            _ when isToken => VismaErrors.OAuth(503, "temporarily_unavailable", "Visma Connect is temporarily unavailable."),
            _ => VismaErrors.Error(StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable. Please try again later."),
        };
        // Every injected fault says when to come back; 429s also carry the X-RateLimit-* headers (above).
        context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (isToken && fault.Kind == FaultKind.RateLimited) VismaRateLimiter.WriteHeaders(context, Settings.RateLimit, 0, retryAfter);
        return result.ExecuteAsync(context);
    }
}
