using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Features.Notifications;

namespace MlConnector.Tests.Notifications;

public sealed class NotificationOptionsTests
{
    private static List<string> Problems(NotificationOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public void Defaults_AreValid_AndOfferNoEmail()
    {
        Problems(new NotificationOptions()).ShouldBeEmpty();
        new NotificationOptions().Smtp.Configured.ShouldBeFalse();
    }

    [Fact]
    public void AnSmtpHost_WithoutSender_BadPort_OrPassword_IsReportedByKey() =>
        Problems(new NotificationOptions { Smtp = new() { Host = "smtp.example.com", Port = 0, From = "not an address", UserName = "relay" } })
            .ShouldBe([
                "Notifications:Smtp:Port must be between 1 and 65535.",
                "Notifications:Smtp:From must be an email address when Notifications:Smtp:Host is set.",
                "Notifications:Smtp:Password is required with Notifications:Smtp:UserName.",
            ], ignoreOrder: true);

    [Fact]
    public async Task ThePortal_RefusesToStart_WithABadSmtpServer()
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() =>
            PortalHost.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Notifications:Smtp:Host"] = "smtp.example.com" }));
        error.Message.ShouldContain("Notifications:Smtp:From");
    }
}
