using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Visma;

public static class VismaEnvironments
{
    public const string BuiltInSandbox = "ml-connector-sandbox";

    /// <summary>Visma Connect and the ERP API for an environment, or null when it cannot be reached from here.</summary>
    public static (Uri Connect, Uri Api)? Bases(string? environment, ISandboxEndpoint sandbox) => environment switch
    {
        "production" or null or "" => (new Uri("https://connect.visma.com/"), new Uri("https://api.finance.visma.net/")),
        BuiltInSandbox when sandbox.SimulatorBase("visma") is { } simulator => (simulator, simulator),
        _ => null,
    };
}
