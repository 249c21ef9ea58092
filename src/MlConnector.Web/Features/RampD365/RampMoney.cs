using System.Text.Json;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// Ramp's <c>CurrencyAmount</c> (<c>{amount: integer minor units, currency_code}</c>, contract §7) in major units. The
/// minor-unit count is ISO 4217's (0 for JPY, 3 for KWD); a 2026 <c>minor_unit_conversion_rate</c>, when present, wins.
/// </summary>
public static class RampMoney
{
    private static readonly Dictionary<string, int> Digits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0, ["PYG"] = 0,
        ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    public static bool TryRead(JsonElement money, out decimal amount, out string currency)
    {
        (amount, currency) = (0, "");
        if (money.ValueKind != JsonValueKind.Object || !money.TryGetProperty("amount", out var minor) || !minor.TryGetDecimal(out var units)) return false;
        if (!money.TryGetProperty("currency_code", out var code) || code.GetString() is not { Length: 3 } iso) return false;
        currency = iso.ToUpperInvariant();
        var rate = money.TryGetProperty("minor_unit_conversion_rate", out var r) && r.TryGetDecimal(out var given) && given > 0
            ? given
            : Pow10(Digits.GetValueOrDefault(currency, 2));
        amount = units / rate;
        return true;
    }

    private static decimal Pow10(int digits) => digits switch { 0 => 1m, 3 => 1000m, _ => 100m };
}
