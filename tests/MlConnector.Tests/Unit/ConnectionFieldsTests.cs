using MlConnector.Web.Features.Connections;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Unit;

public sealed class ConnectionFieldsTests
{
    private static readonly HashSet<string> NoSecrets = [];

    private static IReadOnlyDictionary<string, string> D365(string url = "https://contoso.operations.dynamics.com", string legalEntity = "usmf") => new Dictionary<string, string>
    {
        ["EnvironmentUrl"] = url, ["TenantId"] = "8a1c2f3e-1111-4222-8333-944455556666", ["ClientId"] = "0f0e0d0c-0b0a-4908-8706-050403020100",
        ["ClientSecret"] = "s3cr3t", ["LegalEntity"] = legalEntity,
    };

    [Fact]
    public void EverySystem_HasHelpForEveryField_AndMarksItsSecrets()
    {
        foreach (var system in Enum.GetValues<ExternalSystem>())
        {
            var fields = ConnectionFields.For(system);
            fields.ShouldAllBe(f => f.Help.Length > 20);
            fields.ShouldContain(f => f.IsSecret, system.ToString());
        }
    }

    [Fact]
    public void D365_GoodValues_PassValidation() =>
        ConnectionFields.Validate(ExternalSystem.Dynamics365, D365(), NoSecrets).ShouldBeEmpty();

    [Theory]
    [InlineData("http://contoso.operations.dynamics.com")]
    [InlineData("https://contoso.dynamics.com")]
    [InlineData("https://contoso.operations.dynamics.com/data/")]
    [InlineData("https://login.microsoftonline.com")]
    [InlineData("contoso.operations.dynamics.com")]
    [InlineData("http://127.0.0.1:5080/sandbox/d365")]
    public void D365_EnvironmentUrlNotAnEnvironment_IsExplained(string url) =>
        ConnectionFields.Validate(ExternalSystem.Dynamics365, D365(url), NoSecrets)["EnvironmentUrl"].ShouldContain("contoso.operations.dynamics.com");

    [Fact]
    public void D365_SandboxUrl_IsAcceptedOnlyWhenItIsThePortalsSandbox()
    {
        var sandboxUrl = "http://127.0.0.1:5080/sandbox/d365";

        ConnectionFields.Validate(ExternalSystem.Dynamics365, D365(sandboxUrl), NoSecrets, uri => uri.Port == 5080).ShouldBeEmpty();
        ConnectionFields.Validate(ExternalSystem.Dynamics365, D365(sandboxUrl), NoSecrets, uri => false).Keys.ShouldContain("EnvironmentUrl");
    }

    [Fact]
    public void MissingValues_AreNamedPerField_ButASavedSecretNeedNotBeRetyped()
    {
        var values = new Dictionary<string, string>(D365()) { ["ClientSecret"] = "", ["LegalEntity"] = "usmf-north" };

        var errors = ConnectionFields.Validate(ExternalSystem.Dynamics365, values, NoSecrets);
        errors.Keys.ShouldBe(["ClientSecret", "LegalEntity"], ignoreOrder: true);
        errors["ClientSecret"].ShouldBe("Client secret is required.");
        ConnectionFields.Validate(ExternalSystem.Dynamics365, values, new HashSet<string> { "ClientSecret" }).Keys.ShouldBe(["LegalEntity"]);
    }

    [Fact]
    public void Visma_CompanyIdMustBeANumber() =>
        ConnectionFields.Validate(ExternalSystem.VismaNet, new Dictionary<string, string>
        {
            ["Environment"] = "production", ["ClientId"] = "isv_x", ["ClientSecret"] = "s", ["TenantId"] = "t-1", ["CompanyId"] = "Harbor & Pine",
        }, NoSecrets).Keys.ShouldBe(["CompanyId"]);

    [Fact]
    public void Stampli_HostPortKeyAndFolders_AreChecked()
    {
        var errors = ConnectionFields.Validate(ExternalSystem.StampliSftp, new Dictionary<string, string>
        {
            ["Host"] = "sftp://files.example.com/", ["Port"] = "70000", ["UserName"] = "mlc", ["PrivateKey"] = "ssh-ed25519 AAAA public key",
            ["OutboundFolder"] = "outbound", ["InboundFolder"] = "/inbound", ["ArchiveFolder"] = "/archive",
        }, NoSecrets);

        errors.Keys.ShouldBe(["Host", "Port", "PrivateKey", "OutboundFolder"], ignoreOrder: true);
    }
}
