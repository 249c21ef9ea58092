using System.Collections.Frozen;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// ISO 4217 currencies and their minor units, for turning Ramp's integer minor units into the major-unit decimals
/// Dynamics 365 takes. Most currencies have two decimals; the exceptions are listed (0: JPY, KRW…; 3: KWD, BHD…), and
/// a code outside the active ISO list is refused rather than guessed: a wrong exponent posts 100× the amount.
/// </summary>
public static class CurrencyUnits
{
    private const string TwoDecimals =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK " +
        "DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT " +
        "LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN " +
        "QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS " +
        "VES WST XCD YER ZAR ZMW ZWG";

    private const string NoDecimals = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";

    private const string ThreeDecimals = "BHD IQD JOD KWD LYD OMR TND";

    private static readonly FrozenDictionary<string, int> Digits =
        TwoDecimals.Split(' ').Select(c => (c, 2))
            .Concat(NoDecimals.Split(' ').Select(c => (c, 0)))
            .Concat(ThreeDecimals.Split(' ').Select(c => (c, 3)))
            .ToFrozenDictionary(p => p.c, p => p.Item2, StringComparer.OrdinalIgnoreCase);

    /// <summary>The number of decimals of <paramref name="currency"/>, or null when it is not an ISO 4217 currency we know.</summary>
    public static int? DecimalsOf(string? currency) =>
        currency is not null && Digits.TryGetValue(currency, out var digits) ? digits : null;

    /// <summary>
    /// Ramp's minor units in major units. <paramref name="conversionRate"/> is Ramp's <c>minor_unit_conversion_rate</c>
    /// (100 for cents) when the object carries it; it wins over the table because it is what Ramp itself used.
    /// </summary>
    public static decimal ToMajor(long minor, int decimals, long? conversionRate = null)
    {
        var divisor = conversionRate is > 0 ? conversionRate.Value : Pow10(decimals);
        return decimal.Round((decimal)minor / divisor, ScaleOf(divisor));
    }

    private static long Pow10(int digits)
    {
        var result = 1L;
        for (var i = 0; i < digits; i++) result *= 10;
        return result;
    }

    private static int ScaleOf(long divisor)
    {
        var scale = 0;
        for (var d = divisor; d > 1; d /= 10) scale++;
        return scale;
    }
}
