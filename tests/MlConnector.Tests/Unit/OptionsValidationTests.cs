using MlConnector.Web.Data;

namespace MlConnector.Tests.Unit;

public sealed class OptionsValidationTests
{
    private static readonly DatabaseOptionsValidator Validator = new();

    [Fact]
    public void Database_Defaults_AreValid() =>
        Validator.Validate(null, new DatabaseOptions()).Succeeded.ShouldBeTrue();

    [Fact]
    public void Database_PostgreSqlWithConnectionString_IsValidInAnyCase() =>
        Validator.Validate(null, new DatabaseOptions { Provider = "postgresql", ConnectionString = "Host=db" }).Succeeded.ShouldBeTrue();

    [Fact]
    public void Database_SeveralProblems_AreAllReportedByKey()
    {
        var result = Validator.Validate(null, new DatabaseOptions { Provider = "MySql", DataFolder = "" });

        result.Failed.ShouldBeTrue();
        result.Failures!.Count().ShouldBe(2);
        result.Failures!.ShouldContain(f => f.StartsWith("Database:Provider"));
        result.Failures!.ShouldContain(f => f.StartsWith("Database:DataFolder"));
    }

    [Fact]
    public void Database_SqliteFile_IsUnderTheDataFolderResolvedAgainstTheAppFolder()
    {
        new DatabaseOptions { DataFolder = "state" }.SqliteFile("/srv/app").ShouldBe("/srv/app/state/ml-connector.db");
        new DatabaseOptions { DataFolder = "/var/lib/mlc" }.SqliteFile("/srv/app").ShouldBe("/var/lib/mlc/ml-connector.db");
    }
}
