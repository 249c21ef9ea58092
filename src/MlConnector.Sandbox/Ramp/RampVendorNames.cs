using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// How a vendor's name reads in Ramp. Ramp vendors are often created from card merchants or typed by the
/// person who paid, so they rarely match the ledger's spelling exactly. Deterministic per vendor number:
/// six in ten as the ledger has them, one upper-cased, one with a legal suffix, one with a typo, one with a
/// card-processor prefix. This is what vendor-mapping suggestions are measured against.
/// </summary>
public static class RampVendorNames
{
    public static string Of(Vendor vendor) => (int.Parse(vendor.Number.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) % 10) switch
    {
        1 => vendor.Name.ToUpperInvariant(),
        2 => vendor.Name + vendor.Country switch { "US" => " Inc.", "GB" => " Ltd", _ => " AS" },
        3 => vendor.Name[..^1],
        4 => "SQ *" + vendor.Name.ToUpperInvariant(),
        _ => vendor.Name,
    };
}
