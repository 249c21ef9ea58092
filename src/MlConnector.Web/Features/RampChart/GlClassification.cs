using System.Text.Json;

namespace MlConnector.Web.Features.RampChart;

/// <summary>
/// Ramp's classification of a GL account, from the account type the ERP gives in the row's raw JSON: Dynamics 365
/// <c>MainAccountType</c> (Expense, Revenue, Asset, Liability, Equity, BalanceSheet, ProfitAndLoss, Total, Reporting)
/// or Visma.net <c>type</c> (Asset, Liability, Income, Expense). A type that does not say which side of the ledger
/// it is on (BalanceSheet, ProfitAndLoss) or none at all gives ANY: narrowing it wrongly would hide the account
/// from coding in Ramp, while ANY only offers it more widely.
/// </summary>
public static class GlClassification
{
    public const string Any = "ANY";

    public static string From(string rawJson) => AccountType(rawJson)?.ToUpperInvariant() switch
    {
        "EXPENSE" => "EXPENSE",
        "REVENUE" or "INCOME" => "REVENUE",
        "ASSET" => "ASSET",
        "LIABILITY" => "LIABILITY",
        "EQUITY" => "EQUITY",
        _ => Any,
    };

    /// <summary>D365 total and reporting accounts sum others and take no postings: nothing in Ramp may be coded to them.</summary>
    public static bool IsPostable(string rawJson) => AccountType(rawJson)?.ToUpperInvariant() is not ("TOTAL" or "REPORTING");

    private static string? AccountType(string rawJson)
    {
        try
        {
            using var json = JsonDocument.Parse(rawJson);
            if (json.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String &&
                    (property.NameEquals("MainAccountType") || string.Equals(property.Name, "type", StringComparison.OrdinalIgnoreCase)))
                    return property.Value.GetString();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
