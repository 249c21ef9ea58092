using Microsoft.AspNetCore.Identity;

namespace MlConnector.Web.Components.Account;

public enum RegistrationField { Email, Password, Form }

/// <summary>Puts each Identity error next to the field it is about, in words a customer understands.</summary>
public static class RegistrationErrors
{
    public const string EmailTaken = "An account with this email already exists. Sign in instead, or use another email.";

    public static IEnumerable<(RegistrationField Field, string Message)> Describe(IEnumerable<IdentityError> errors) =>
        errors.Select(e => e.Code switch
            {
                // The user name is the email, so a taken email fails both checks: say it once.
                "DuplicateUserName" or "DuplicateEmail" => (RegistrationField.Email, EmailTaken),
                "InvalidEmail" or "InvalidUserName" => (RegistrationField.Email, "Enter a valid email address."),
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => (RegistrationField.Password, e.Description),
                _ => (RegistrationField.Form, e.Description),
            })
            .Distinct();
}
