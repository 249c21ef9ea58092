namespace MlConnector.Sandbox.D365;

/// <summary>
/// The well-known Entra app registration of the sandbox, so the portal's zero-configuration run and the tests
/// can sign in without secrets of their own. These values are public on purpose: they only open the simulator.
/// </summary>
public static class D365SandboxApp
{
    public const string TenantId = "7b2f5c1e-4d3a-4c8e-9a61-2f0d5e8b9c47";

    // A GUID, like every real Entra application (client) ID: the portal's form checks for one.
    public const string ClientId = "3f8a1c52-7d4e-4b9a-8e21-6c0d9b5a7f13";

    public const string ClientSecret = "sandbox-d365-secret";

    /// <summary>The company the app's mapped F&amp;O user lands in (System administration &gt; Entra applications).</summary>
    public const string DefaultCompany = "hpus";

    /// <summary>
    /// A fake environment host the simulator also answers to as token audience, so a connector configured with a
    /// production-looking URL still gets tokens. The simulator's own base URL (…/sandbox/d365) is always accepted too.
    /// </summary>
    public const string FakeEnvironmentUrl = "https://harborpine-sandbox.operations.dynamics.com";
}

/// <summary>
/// One app registration: Entra side (tenant, client id, secret) and F&amp;O side (registered in
/// "Microsoft Entra applications", with the mapped user's default company).
/// </summary>
public sealed record D365Client(string TenantId, string ClientId, string ClientSecret, string DefaultCompany, bool RegisteredInFinance = true);
