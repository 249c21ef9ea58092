using Microsoft.AspNetCore.Identity;
using MlConnector.Web.Components.Account;

namespace MlConnector.Tests.Unit;

public sealed class RegistrationErrorsTests
{
    [Fact]
    public void Describe_TakenEmailReportedTwiceByIdentity_GivesOneEmailMessage()
    {
        var described = RegistrationErrors.Describe([
            new IdentityError { Code = "DuplicateUserName", Description = "Username 'a@b.c' is already taken." },
            new IdentityError { Code = "DuplicateEmail", Description = "Email 'a@b.c' is already taken." },
        ]).ToList();

        described.ShouldBe([(RegistrationField.Email, RegistrationErrors.EmailTaken)]);
    }

    [Theory]
    [InlineData("PasswordTooShort", RegistrationField.Password)]
    [InlineData("PasswordRequiresUpper", RegistrationField.Password)]
    [InlineData("PasswordRequiresUniqueChars", RegistrationField.Password)]
    [InlineData("InvalidEmail", RegistrationField.Email)]
    [InlineData("ConcurrencyFailure", RegistrationField.Form)]
    public void Describe_PutsEachErrorNextToItsField(string code, RegistrationField field)
    {
        RegistrationErrors.Describe([new IdentityError { Code = code, Description = "x" }]).Single().Field.ShouldBe(field);
    }
}
