namespace MlConnector.Sandbox.Visma;

/// <summary>
/// The well-known Visma Developer Portal app of the sandbox and the tenants/companies it is activated for.
/// Connectors configured with these values work against <c>/sandbox/visma</c> with no other setup.
/// </summary>
/// <remarks>
/// Tenancy model: Visma Connect issues tokens per tenant, and the contract (§1) says the <em>company's</em>
/// tenant id must be used. So each legal entity of Harbor &amp; Pine is one Visma company with its own
/// company-level tenant; the customer-level tenant exists too, and (as the contract describes) a token
/// for it is issued but every API call with it answers 401.
/// </remarks>
public static class VismaSandboxApp
{
    public const string ClientId = "sandbox-visma-client";
    public const string ClientSecret = "sandbox-visma-secret";

    /// <summary>Company-level tenant of Harbor &amp; Pine Advisory AS (hpno, NOK): the one to use.</summary>
    public const string TenantId = "5f0c7a52-8e0b-4c6e-9a1d-0a0000000001";

    /// <summary>ERP company id of hpno, sent as <c>ipp-company-id</c>.</summary>
    public const int CompanyId = 1234567;

    /// <summary>Customer-level tenant: tokens are issued for it, but API calls are refused (contract §1).</summary>
    public const string CustomerTenantId = "5f0c7a52-8e0b-4c6e-9a1d-0c0000000000";

    public const string UkTenantId = "5f0c7a52-8e0b-4c6e-9a1d-0a0000000002";
    public const int UkCompanyId = 1234568;
    public const string UsTenantId = "5f0c7a52-8e0b-4c6e-9a1d-0a0000000003";
    public const int UsCompanyId = 1234569;

    public const string ReadScope = "vismanet_erp_service_api:read";
    public const string CreateScope = "vismanet_erp_service_api:create";
    public const string UpdateScope = "vismanet_erp_service_api:update";
    public const string DeleteScope = "vismanet_erp_service_api:delete";

    public static readonly IReadOnlyList<string> AllScopes = [ReadScope, CreateScope, UpdateScope, DeleteScope];

    /// <summary>The companies, each under its own tenant: (legal entity, company id, tenant id).</summary>
    internal static readonly IReadOnlyList<(string LegalEntityId, int CompanyId, string TenantId)> Companies =
    [
        ("hpno", CompanyId, TenantId),
        ("hpuk", UkCompanyId, UkTenantId),
        ("hpus", UsCompanyId, UsTenantId),
    ];

    /// <summary>Every tenant the sandbox app is activated for (the three companies and the customer).</summary>
    internal static IReadOnlyList<string> AllTenants => [.. Companies.Select(c => c.TenantId), CustomerTenantId];
}
