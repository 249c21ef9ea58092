using Microsoft.Extensions.Options;

namespace MlConnector.Web.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    /// <summary><c>Sqlite</c> (default: a file in <see cref="DataFolder"/>) or <c>PostgreSQL</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite it overrides the file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file lives; relative paths are resolved against the app's folder.</summary>
    public string DataFolder { get; set; } = "data";

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    public string SqliteFile(string contentRoot) =>
        Path.Combine(Path.GetFullPath(DataFolder, contentRoot), "ml-connector.db");
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        var knownProvider = options.IsPostgreSql
            || string.Equals(options.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
        if (!knownProvider)
            failures.Add($"Database:Provider must be '{DatabaseOptions.Sqlite}' or '{DatabaseOptions.PostgreSql}' (was '{options.Provider}').");
        if (options.IsPostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
            failures.Add("Database:ConnectionString is required when Database:Provider is PostgreSQL (e.g. 'Host=db;Database=mlconnector;Username=mlconnector;Password=…').");
        if (string.IsNullOrWhiteSpace(options.DataFolder))
            failures.Add("Database:DataFolder must not be empty.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
