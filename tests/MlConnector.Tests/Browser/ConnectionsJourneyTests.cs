using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Browser;

/// <summary>The portal and a real sshd standing in for the customer's Stampli server.</summary>
public sealed class SftpPortalFixture : BrowserFixture
{
    public SftpServer Sftp { get; } = new();

    public override async Task InitializeAsync()
    {
        await Sftp.InitializeAsync();
        await base.InitializeAsync();
    }

    protected override Task<PortalHost> StartHostAsync() => PortalHost.StartAsync(Db.Sqlite, replaceServices: services =>
        services.Replace(ServiceDescriptor.Singleton<ISandboxEndpoint>(new LoopbackPortSandbox(Sftp.Port))));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sftp.DisposeAsync();
    }
}

public sealed class ConnectionsJourneyTests(SftpPortalFixture browser) : IClassFixture<SftpPortalFixture>
{
    [Fact]
    public async Task Owner_AddsStampliSftpCredentials_ConfirmsTheHostKey_AndPingsGreen()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignUpToIntegrationPageAsync(page, "stampli-dynamics-365", "Fjordline Manufacturing", SsrForms.Account(200));

        var stampli = page.Locator(".connection-card[data-system=StampliSftp]");
        var privateKey = await File.ReadAllTextAsync(browser.Sftp.ClientKeyPath);
        await stampli.GetByLabel("SFTP host").FillAsync("127.0.0.1");
        await stampli.GetByLabel("Port", new() { Exact = true }).FillAsync(browser.Sftp.Port.ToString());
        await stampli.GetByLabel("User name").FillAsync(SftpServer.User);
        await stampli.GetByLabel("Private key").FillAsync(privateKey);
        await stampli.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await stampli.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." }).WaitForAsync();
        (await stampli.Locator("#StampliSftp-PrivateKey").InnerTextAsync()).ShouldBe("Set");
        (await page.ContentAsync()).ShouldNotContain(privateKey.Split('\n')[1], Case.Sensitive, "a saved secret never goes back to the browser");

        await stampli.GetByRole(AriaRole.Button, new() { Name = "Ping" }).ClickAsync();
        await stampli.Locator(".fingerprint").WaitForAsync();
        (await stampli.Locator(".fingerprint").InnerTextAsync()).ShouldContain(browser.Sftp.HostKeyFingerprint);
        await BrowserFixture.ScreenshotAsync(stampli, "10-sftp-confirm-host-key");

        await stampli.GetByRole(AriaRole.Button, new() { Name = "Confirm this key" }).ClickAsync();
        await stampli.GetByText("Ping succeeded").WaitForAsync();
        (await stampli.Locator(".ping-steps li.ok").CountAsync()).ShouldBe(4);
        await stampli.Locator(".state.ok").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(stampli, "11-sftp-ping-green");

        // The other side: a wrong environment address is explained next to the field.
        var d365 = page.Locator(".connection-card[data-system=Dynamics365]");
        await d365.GetByLabel("Environment URL").FillAsync("https://contoso.dynamics.com/data");
        await d365.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await d365.GetByText("Use the environment's address, like https://contoso.operations.dynamics.com").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(d365, "12-d365-validation");
    }
}
