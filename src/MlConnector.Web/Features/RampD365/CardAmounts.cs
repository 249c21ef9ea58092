using System.Globalization;
using System.Text.Json;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// Ramp money in Dynamics 365's terms. A card transaction carries two unit systems (contract §7): the legacy top-level
/// <c>amount</c> is a decimal in major units, while each line item's <c>amount</c> is a <c>CurrencyAmount</c> in integer
/// minor units. A minor amount is divided by the object's own <c>minor_unit_conversion_rate</c> when Ramp sends one,
/// otherwise by 10^(ISO 4217 decimals); a currency outside the table is refused, since a wrong exponent posts 100×.
/// </summary>
public static class CardAmounts
{
    private static readonly Dictionary<string, int> Exceptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0, ["PYG"] = 0,
        ["RWF"] = 0, ["UGX"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    /// <summary>The ISO 4217 minor-unit digits of <paramref name="currency"/>: 0 (JPY…), 3 (KWD…), else 2; null for what is no currency code.</summary>
    public static int? DecimalsOf(string? currency) =>
        currency is not { Length: 3 } || !currency.All(char.IsAsciiLetter) ? null : Exceptions.GetValueOrDefault(currency, 2);

    /// <summary>Minor units in major units: <paramref name="minor"/> / (<paramref name="conversionRate"/> or 10^<paramref name="decimals"/>).</summary>
    public static decimal ToMajor(long minor, int decimals, long? conversionRate = null)
    {
        var divisor = conversionRate is > 0 ? conversionRate.Value : (long)Math.Pow(10, decimals);
        return (decimal)minor / divisor;
    }

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
        if (DecimalsOf(currency) is not { } decimals)
        {
            problem = $"is in '{currency}', which is not a currency code we know";
            return null;
        }
        long? rate = money.TryGetProperty("minor_unit_conversion_rate", out var r) ? Integer(r) : null;
        return (ToMajor(minor, decimals, rate), currency.ToUpperInvariant());
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
        $"{major.ToString("N" + (DecimalsOf(currency) ?? 2), CultureInfo.InvariantCulture)} {currency}";

    private static long? Integer(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var d) && d == decimal.Truncate(d) => (long)d,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };
}
