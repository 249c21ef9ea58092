using MlConnector.Sandbox.D365;
using MlConnector.Sandbox.Ramp;
using MlConnector.Sandbox.Visma;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;
using MlConnector.Web.Integrations.Ramp;
using MlConnector.Web.Integrations.Visma;

namespace MlConnector.Web.Features.Connections;

/// <summary>
/// The built-in simulators' credentials, for the trial's "Use sandbox credentials" button. Stampli's stand-in
/// is the local drop folder, reached through the sandbox host name.
/// </summary>
public static class SandboxCredentials
{
    public static (Dictionary<string, string> Settings, Dictionary<string, string> Secrets)? For(ExternalSystem system, ISandboxEndpoint sandbox) =>
        sandbox.SimulatorBase("d365") is null ? null : system switch
        {
            ExternalSystem.Ramp => (
                new() { ["Environment"] = RampEnvironments.BuiltInSandbox, ["ClientId"] = RampSimulator.DefaultClientId },
                new() { ["ClientSecret"] = RampSimulator.DefaultClientSecret }),
            ExternalSystem.Dynamics365 => (
                new()
                {
                    ["EnvironmentUrl"] = sandbox.SimulatorBase("d365")!.ToString().TrimEnd('/'), ["TenantId"] = D365SandboxApp.TenantId,
                    ["ClientId"] = D365SandboxApp.ClientId, ["LegalEntity"] = D365SandboxApp.DefaultCompany,
                },
                new() { ["ClientSecret"] = D365SandboxApp.ClientSecret }),
            ExternalSystem.VismaNet => (
                new()
                {
                    ["Environment"] = VismaEnvironments.BuiltInSandbox, ["ClientId"] = VismaSandboxApp.ClientId,
                    ["TenantId"] = VismaSandboxApp.TenantId, ["CompanyId"] = VismaSandboxApp.CompanyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                new() { ["ClientSecret"] = VismaSandboxApp.ClientSecret }),
            ExternalSystem.StampliSftp => (
                new()
                {
                    ["Host"] = DropFolderPing.Host, ["Port"] = "22", ["UserName"] = "trial",
                    ["OutboundFolder"] = "/outbound", ["InboundFolder"] = "/inbound", ["ArchiveFolder"] = "/archive",
                },
                new()),
            _ => null,
        };
}
