namespace MlConnector.Sandbox.Visma;

/// <summary><c>/v1/account</c>: the chart of accounts, read-only in the sandbox (contract §6.3).</summary>
internal static class VismaAccountEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/account", (HttpContext http) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            var company = caller.Company;
            lock (company.Gate)
            {
                IEnumerable<AccountRecord> rows = company.Accounts;
                if (query.Text("active") is { } active) rows = rows.Where(a => a.Active == ParseBool(active));
                if (query.Text("greaterThanValue") is { } after) rows = rows.Where(a => string.CompareOrdinal(a.Number, after) > 0);
                // The sandbox chart has no public/external/analysis codes: filtering on them matches nothing, as in an ERP that has none.
                foreach (var code in new[] { "publicCode", "externalCode1", "externalCode2", "analysisCode" })
                    if (query.Text(code) is not null) rows = [];
                rows = query.Condition(rows, "lastModifiedDateTime", a => a.LastModified);
                return Results.Ok(query.Page(rows.OrderBy(a => a.Number, StringComparer.Ordinal).ToList(), (a, m) => Dto(a, query, m)));
            }
        });

        v1.MapGet("/account/{accountCd}", (HttpContext http, string accountCd) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            lock (caller.Company.Gate)
            {
                return caller.Company.Account(accountCd) is { } a
                    ? Results.Ok(Dto(a, query, new VismaMetadata(1, caller.Settings.MaxPageSize)))
                    : VismaErrors.NotFound($"Account '{accountCd}' not found.");
            }
        });
    }

    private static bool ParseBool(string text) => text switch
    {
        "true" or "True" or "1" => true,
        "false" or "False" or "0" => false,
        _ => throw new VismaValidationException($"'active' must be true or false (was '{text}')."),
    };

    /// <summary>The read shape (<c>AccountDto</c>).</summary>
    private static AccountDto Dto(AccountRecord a, VismaQuery query, VismaMetadata metadata) => new(
        a.AccountId, a.Number, a.Description, a.Type, a.Active, a.AccountClass, UseDefaultSub: false, Currency: null, PostOption: "Summary",
        ExternalCode1: null, ExternalCode2: null, CashAccount: false, query.Format(a.LastModified), metadata);
}
