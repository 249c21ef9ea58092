using System.Net;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Connectors;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.4.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.20")]
    [InlineData("169.254.169.254")] // cloud metadata service
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1234")]
    [InlineData("::ffff:10.1.2.3")]   // IPv4-mapped private address
    [InlineData("64:ff9b::a00:1")]    // NAT64 of 10.0.0.1
    [InlineData("2001:db8::1")]
    public void IsPublic_SpecialPurposeAddresses_AreNot(string address) =>
        AddressPolicy.IsPublic(IPAddress.Parse(address)).ShouldBeFalse(address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("104.18.12.33")]
    [InlineData("172.32.0.1")]        // just outside 172.16.0.0/12
    [InlineData("11.0.0.1")]
    [InlineData("2606:4700::6810:1")]
    [InlineData("::ffff:8.8.4.4")]
    public void IsPublic_InternetAddresses_Are(string address) =>
        AddressPolicy.IsPublic(IPAddress.Parse(address)).ShouldBeTrue(address);

    [Theory]
    [InlineData(ExternalSystem.Dynamics365, "https://contoso.operations.dynamics.com/data/", true)]
    [InlineData(ExternalSystem.Dynamics365, "https://contoso-uat.sandbox.operations.dynamics.com/data/", true)]
    [InlineData(ExternalSystem.Dynamics365, "https://login.microsoftonline.com/tenant/oauth2/v2.0/token", true)]
    [InlineData(ExternalSystem.Dynamics365, "https://contoso.operations.dynamics.com.evil.example/data/", false)]
    [InlineData(ExternalSystem.Dynamics365, "https://operations.dynamics.com/", false)]
    [InlineData(ExternalSystem.Dynamics365, "http://contoso.operations.dynamics.com/data/", false)]
    [InlineData(ExternalSystem.Ramp, "https://api.ramp.com/developer/v1/token", true)]
    [InlineData(ExternalSystem.Ramp, "https://demo-api.ramp.com/developer/v1/bills", true)]
    [InlineData(ExternalSystem.Ramp, "https://api.ramp.com.evil.example/", false)]
    [InlineData(ExternalSystem.VismaNet, "https://api.finance.visma.net/v1/account", true)]
    [InlineData(ExternalSystem.VismaNet, "https://connect.visma.com/connect/token", true)]
    [InlineData(ExternalSystem.VismaNet, "https://evil.example/v1/account", false)]
    public void SystemHosts_AllowOnlyTheSystemsOwnHosts(ExternalSystem system, string url, bool allowed) =>
        SystemHosts.IsAllowed(system, new Uri(url)).ShouldBe(allowed);
}
