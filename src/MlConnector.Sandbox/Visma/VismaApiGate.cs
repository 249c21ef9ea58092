using System.Globalization;

namespace MlConnector.Sandbox.Visma;

/// <summary>Who is calling, resolved by <see cref="VismaApiGate"/> for the endpoints.</summary>
internal sealed record VismaCaller(string ClientId, VismaCompany Company, VismaSettings Settings)
{
    private const string Key = "visma.caller";

    public static VismaCaller Of(HttpContext http) => (VismaCaller)http.Items[Key]!;

    public void Attach(HttpContext http) => http.Items[Key] = this;
}

/// <summary>
/// In front of every <c>/v1</c> call, in the order Visma's gateway would refuse: bearer token (alive,
/// current generation), <c>ipp-company-id</c> (present, known, owned by the token's tenant), the scope the
/// verb needs, then the optional rate limit. Bad request bodies and query values become IPPException 400s here.
/// </summary>
internal sealed class VismaApiGate(VismaSimulator simulator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = simulator.Settings;
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return VismaErrors.Unauthorized(http, "Authorization has been denied for this request: no bearer token.", badToken: true);
        var grant = simulator.Connect.Find(header[7..].Trim());
        if (grant is null || !simulator.Connect.IsAlive(grant))
            return VismaErrors.Unauthorized(http, "Authorization has been denied for this request: the token is invalid or expired.", badToken: true);

        var company = ResolveCompany(http, grant, settings, out var refusal);
        if (company is null) return refusal;

        var scope = ScopeFor(http.Request.Method);
        if (!grant.Scopes.Contains(scope))
            return VismaErrors.Forbidden($"The token lacks the scope '{scope}' needed for {http.Request.Method}.");

        if (settings.RateLimit is { Enabled: true } limit)
        {
            var take = simulator.Limiter.TryTake(limit, grant.ClientId, company.Id);
            if (!take.Allowed) return VismaErrors.TooManyRequests(http, take.RetryAfterSeconds, limit, take.ResetSeconds);
            VismaRateLimiter.WriteHeaders(http, limit, take.Remaining, take.ResetSeconds);
        }

        new VismaCaller(grant.ClientId, company, settings).Attach(http);
        try
        {
            return await next(context);
        }
        catch (VismaValidationException e)
        {
            return VismaErrors.BadRequest(e.Message);
        }
    }

    private VismaCompany? ResolveCompany(HttpContext http, VismaGrant grant, VismaSettings settings, out IResult? refusal)
    {
        refusal = null;
        var text = http.Request.Headers["ipp-company-id"].ToString();
        VismaCompany? company;
        if (text.Length == 0)
        {
            // Open question 3: required by default; when relaxed, a company tenant's only company is implied.
            company = settings.RequireCompanyHeader ? null : simulator.Companies.Values.FirstOrDefault(c => c.TenantId == grant.TenantId);
            if (company is null)
                refusal = VismaErrors.Unauthorized(http, "The ipp-company-id header is required: no company in context (companyincontext).");
            return company;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !simulator.Companies.TryGetValue(id, out company))
        {
            refusal = VismaErrors.Unauthorized(http, $"Company '{text}' given in ipp-company-id does not exist (companyincontext).");
            return null;
        }
        // Contract §1/§10: a customer-level tenant, or another company's tenant, gets a token but no data.
        if (!string.Equals(company.TenantId, grant.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            refusal = VismaErrors.Unauthorized(http, $"The token's tenant has no access to company {id} (companyincontext).");
            return null;
        }
        return company;
    }

    /// <summary>The scope a verb needs. Actions (<c>POST …/action/release</c>) are POSTs, so they need
    /// <c>create</c>: the spec does not say otherwise ([inferred]).</summary>
    private static string ScopeFor(string method) => method switch
    {
        "GET" or "HEAD" => VismaSandboxApp.ReadScope,
        "POST" => VismaSandboxApp.CreateScope,
        "DELETE" => VismaSandboxApp.DeleteScope,
        _ => VismaSandboxApp.UpdateScope,
    };
}
