using System.Globalization;
using System.Text.Json;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// Ramp money in Dynamics 365's terms. A card transaction carries two unit systems (contract §7): the legacy top-level
/// <c>amount</c> is a decimal in major units, while each line item's <c>amount</c> is a <c>CurrencyAmount</c> in integer
/// minor units, converted by <see cref="CurrencyUnits"/> (the object's own <c>minor_unit_conversion_rate</c> first).
/// </summary>
public static class RampAmounts
{
    /// <summary>
    /// A <c>CurrencyAmount</c> (<c>{amount, currency_code, minor_unit_conversion_rate?}</c>) in major units with its
    /// currency, or null with <paramref name="problem"/> set.
    /// </summary>
    public static (decimal Major, string Currency)? Read(JsonElement money, out string? problem)
    {
        problem = null;
        if (money.ValueKind != JsonValueKind.Object || !money.TryGetProperty("amount", out var amount) || !amount.TryGetInt64(out var minor))
        {
            problem = "has no amount in minor units";
            return null;
        }
        var currency = money.TryGetProperty("currency_code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString()! : "";
        if (CurrencyUnits.DecimalsOf(currency) is not { } decimals)
        {
            problem = $"is in '{currency}', which is not a currency code we know";
            return null;
        }
        long? rate = money.TryGetProperty("minor_unit_conversion_rate", out var r) ? Integer(r) : null;
        return (CurrencyUnits.ToMajor(minor, decimals, rate), currency.ToUpperInvariant());
    }

    /// <summary>The legacy major-unit number (<c>amount</c> on a transaction), whether sent as a number or a string.</summary>
    public static decimal? Major(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>"1,250.00 USD" / "1,250 JPY": as many decimals as the currency has.</summary>
    public static string Format(decimal major, string currency) =>
        $"{major.ToString("N" + (CurrencyUnits.DecimalsOf(currency) ?? 2), CultureInfo.InvariantCulture)} {currency}";

    private static long? Integer(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var d) && d == decimal.Truncate(d) => (long)d,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };
}
