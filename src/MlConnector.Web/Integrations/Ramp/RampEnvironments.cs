using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Integrations.Ramp;

/// <summary>Where a Ramp app lives: tokens are bound to the environment that issued them.</summary>
public static class RampEnvironments
{
    public const string BuiltInSandbox = "ml-connector-sandbox";

    public static Uri? BaseUrl(string? environment, ISandboxEndpoint sandbox) => environment switch
    {
        "production" => new Uri("https://api.ramp.com/"),
        "sandbox" => new Uri("https://demo-api.ramp.com/"),
        BuiltInSandbox => sandbox.SimulatorBase("ramp"),
        _ => null,
    };
}
