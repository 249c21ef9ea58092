using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Shared;
using MlConnector.Sandbox.Visma;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Visma;
using SandboxApp = MlConnector.Sandbox.Visma.VismaClient;

namespace MlConnector.Tests.Connectors;

/// <summary>Visma's ping through the portal's real connector pipeline, against the mounted Visma simulator.</summary>
public sealed class VismaPingTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    private VismaPing Ping => portal.Host.Services.GetRequiredService<VismaPing>();

    private VismaSimulator Simulator => (VismaSimulator)portal.Host.Services.GetRequiredService<SandboxRegistry>()["visma"];

    private VismaCredentials Credentials(string tenant = VismaSandboxApp.TenantId, string company = "1234567",
        string clientId = VismaSandboxApp.ClientId, string secret = VismaSandboxApp.ClientSecret)
    {
        var (connect, api) = VismaEnvironments.Bases(VismaEnvironments.BuiltInSandbox, portal.Host.Services.GetRequiredService<ISandboxEndpoint>())!.Value;
        return new(connect, api, clientId, secret, tenant, company);
    }

    [Fact]
    public async Task SandboxApp_PingsGreen_AndSendsTheCompanyOnTheRead()
    {
        var before = Simulator.Traffic.LastSequence;

        var report = await Ping.PingAsync(Credentials(), default);

        report.Ok.ShouldBeTrue(string.Join("; ", report.Steps.Select(s => s.Detail)));
        report.Steps[1].Detail.ShouldStartWith("Company 1234567 answers");
        Simulator.Traffic.Since(before).Single(r => r.Path.EndsWith("/v1/account")).Header("ipp-company-id").ShouldBe("1234567");
    }

    [Fact]
    public async Task WrongSecret_IsAnAuthFailure_WithWhereToLook()
    {
        var failure = (await Ping.PingAsync(Credentials(secret: "nope"), default)).FirstFailure!;

        failure.Kind.ShouldBe(FailureKind.Auth);
        failure.Message.ShouldContain("invalid_client");
        failure.Hint!.ShouldContain("Developer Portal");
    }

    [Fact]
    public async Task CustomerTenantInsteadOfTheCompanys_IsExplained()
    {
        var report = await Ping.PingAsync(Credentials(tenant: VismaSandboxApp.CustomerTenantId), default);

        report.Steps[0].Ok.ShouldBeTrue("Visma issues the token...");
        var failure = report.FirstFailure!;
        failure.Message.ShouldBe("Visma issued a token but company 1234567 refused it.");
        failure.Hint!.ShouldContain("company's tenant ID, not the customer's");
    }

    [Fact]
    public async Task CompanyOfAnotherTenant_IsRefusedTheSameWay()
    {
        var failure = (await Ping.PingAsync(Credentials(company: VismaSandboxApp.UkCompanyId.ToString()), default)).FirstFailure!;

        failure.Kind.ShouldBe(FailureKind.Configuration);
        failure.Message.ShouldContain("refused it");
    }

    [Fact]
    public async Task AppNotApprovedForCreate_SaysWhichScopesTheIntegrationNeeds()
    {
        var clientId = $"read-only-{Guid.NewGuid():N}";
        Simulator.RegisterClient(new SandboxApp(clientId, "ro-secret", [VismaSandboxApp.ReadScope], [VismaSandboxApp.TenantId]));

        var failure = (await Ping.PingAsync(Credentials(clientId: clientId, secret: "ro-secret"), default)).FirstFailure!;

        failure.Message.ShouldContain("invalid_scope");
        failure.Hint!.ShouldContain("read, create and update");
    }
}
