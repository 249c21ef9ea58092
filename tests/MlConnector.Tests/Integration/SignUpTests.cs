using System.Net;
using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Web.Components.Account;
using MlConnector.Web.Features.Integrations;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Integration;

/// <summary>Sign-up and sign-in through the real HTTP pipeline, on each database.</summary>
public abstract class SignUpTests(PortalHost host)
{
    [Fact]
    public async Task Register_NewVisitor_CreatesOwnedTrialWorkspaceForChosenIntegration()
    {
        using var client = host.CreateBrowserlikeClient();
        var email = SsrForms.Account(1);

        var workspaceId = await SsrForms.RegisterWorkspaceAsync(client, email, "Fabrikam Nordic", "ramp-visma-net");

        await using (var db = host.OpenDb(workspaceId))
        {
            var workspace = await db.Workspaces.SingleAsync();
            workspace.Name.ShouldBe("Fabrikam Nordic");
            workspace.StartedWith.ShouldBe(IntegrationKind.RampVisma);
            (workspace.TrialEndsAt - workspace.CreatedAt).ShouldBe(TimeSpan.FromDays(30));
            var member = await db.Memberships.Include(m => m.User).SingleAsync();
            member.Role.ShouldBe(WorkspaceRole.Owner);
            member.User!.Email.ShouldBe(email);
        }

        var checklist = WebUtility.HtmlDecode(await client.GetStringAsync($"w/{workspaceId}"));
        checklist.ShouldContain("Set up Ramp ↔ Visma.net ERP");
        checklist.ShouldContain("Add your Ramp and Visma.net ERP credentials");
    }

    [Fact]
    public async Task Register_TakenEmail_SaysSoNextToEmailAndCreatesNothing()
    {
        var email = SsrForms.Account(2);
        using (var first = host.CreateBrowserlikeClient()) await SsrForms.RegisterWorkspaceAsync(first, email, "First Co");

        using var second = host.CreateBrowserlikeClient();
        var response = await SsrForms.RegisterAsync(second, email.ToUpperInvariant(), "Second Co");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        FieldErrorsOf(page, "email").ShouldContain(WebUtility.HtmlEncode(RegistrationErrors.EmailTaken));
        await using var db = host.OpenDb();
        (await db.Workspaces.IgnoreQueryFilters().CountAsync(w => w.Name == "Second Co")).ShouldBe(0);
    }

    [Fact]
    public async Task Register_WeakPassword_ExplainsTheRuleNextToPassword()
    {
        using var client = host.CreateBrowserlikeClient();
        var response = await SsrForms.RegisterAsync(client, SsrForms.Account(3), password: "short1");

        var errors = FieldErrorsOf(await response.Content.ReadAsStringAsync(), "password");
        errors.ShouldContain("at least 10 characters");
        errors.ShouldContain("uppercase");
    }

    [Fact]
    public async Task Register_MismatchedConfirmation_SaysSoNextToConfirmation()
    {
        using var client = host.CreateBrowserlikeClient();
        var response = await SsrForms.RegisterAsync(client, SsrForms.Account(4), confirm: SsrForms.GoodPassword + "x");

        FieldErrorsOf(await response.Content.ReadAsStringAsync(), "confirm").ShouldContain("The two passwords do not match.");
    }

    [Fact]
    public async Task Register_WithoutAntiforgeryToken_IsRejected()
    {
        using var client = host.CreateBrowserlikeClient();
        var response = await client.PostAsync("account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["Input.Company"] = "Forged Co",
            ["Input.Email"] = SsrForms.Account(5),
            ["Input.Password"] = SsrForms.GoodPassword,
            ["Input.ConfirmPassword"] = SsrForms.GoodPassword,
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var db = host.OpenDb();
        (await db.Workspaces.IgnoreQueryFilters().AnyAsync(w => w.Name == "Forged Co")).ShouldBeFalse();
    }

    [Fact]
    public async Task SignIn_AfterRepeatedWrongPasswords_LocksTheAccount()
    {
        var email = SsrForms.Account(6);
        using (var owner = host.CreateBrowserlikeClient()) await SsrForms.RegisterWorkspaceAsync(owner, email);

        using var attacker = host.CreateBrowserlikeClient();
        for (var i = 0; i < AccountModule.MaxFailedSignIns; i++)
        {
            var failed = await (await SsrForms.SignInAsync(attacker, email, "Wrong-Password-1")).Content.ReadAsStringAsync();
            failed.ShouldContain(i < AccountModule.MaxFailedSignIns - 1 ? "do not match an account" : "locked");
        }

        var withRightPassword = await SsrForms.SignInAsync(attacker, email, SsrForms.GoodPassword);
        withRightPassword.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await withRightPassword.Content.ReadAsStringAsync()).ShouldContain("this account is locked for 15 minutes");
    }

    [Fact]
    public async Task SignIn_RightPassword_ReturnsToTheRequestedPage()
    {
        var email = SsrForms.Account(7);
        Guid workspaceId;
        using (var owner = host.CreateBrowserlikeClient()) workspaceId = await SsrForms.RegisterWorkspaceAsync(owner, email);

        using var client = host.CreateBrowserlikeClient();
        var challenge = await client.GetAsync($"w/{workspaceId}");
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        challenge.Headers.Location!.ToString().ShouldContain("account/login");

        var signIn = await SsrForms.SubmitAsync(client, $"account/login?returnUrl=%2Fw%2F{workspaceId}", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = SsrForms.GoodPassword,
        });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().ShouldEndWith($"/w/{workspaceId}");
        (await client.GetAsync($"w/{workspaceId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>The validation messages rendered right after the input with this id.</summary>
    private static string FieldErrorsOf(string page, string inputId)
    {
        var start = page.IndexOf($"id=\"{inputId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"no input #{inputId} on the page");
        var next = page.IndexOf("<label", start, StringComparison.Ordinal);
        var section = page[start..(next < 0 ? page.Length : next)];
        return string.Join("\n", System.Text.RegularExpressions.Regex.Matches(section, "<div class=\"validation-message\">(.*?)</div>")
            .Select(m => m.Groups[1].Value));
    }
}

public sealed class SignUpTestsOnSqlite(SqlitePortal portal) : SignUpTests(portal.Host), IClassFixture<SqlitePortal>;

public sealed class SignUpTestsOnPostgres(PostgresPortal portal) : SignUpTests(portal.Host), IClassFixture<PostgresPortal>;
