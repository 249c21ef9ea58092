using System.Net;
using System.Text.RegularExpressions;

namespace MlConnector.Tests.Infrastructure;

/// <summary>Posts a Blazor static-SSR form the way a browser does: its hidden fields, then the typed values.</summary>
public static partial class SsrForms
{
    public static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient client, string pagePath, IReadOnlyDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pagePath);
        var values = HiddenInput().Matches(page)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        values.ShouldContainKey("__RequestVerificationToken");
        foreach (var (name, value) in fields) values[name] = value;
        return await client.PostAsync(pagePath, new FormUrlEncodedContent(values));
    }

    public static string Account(int n) => $"user{n}-{Guid.NewGuid():N}@example.com";

    public const string GoodPassword = "Ledger-Balance-2026";

    public static Task<HttpResponseMessage> RegisterAsync(
        HttpClient client, string email, string company = "Contoso Services", string integration = "ramp-dynamics-365",
        string password = GoodPassword, string? confirm = null) =>
        SubmitAsync(client, $"account/register?integration={integration}", new Dictionary<string, string>
        {
            ["Input.Integration"] = integration,
            ["Input.Company"] = company,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        SubmitAsync(client, "account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>Registers and returns the id of the new workspace, read from the redirect.</summary>
    public static async Task<Guid> RegisterWorkspaceAsync(HttpClient client, string email, string company = "Contoso Services", string integration = "ramp-dynamics-365")
    {
        var response = await RegisterAsync(client, email, company, integration);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var match = WorkspaceUrl().Match(response.Headers.Location!.ToString());
        match.Success.ShouldBeTrue($"redirected to {response.Headers.Location}");
        return Guid.Parse(match.Groups[1].Value);
    }

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]+)"[^>]*value="(?<value>[^"]*)"[^>]*>""")]
    private static partial Regex HiddenInput();

    [GeneratedRegex(@"w/([0-9a-f-]{36})$")]
    private static partial Regex WorkspaceUrl();
}
