namespace MlConnector.Sandbox.D365;

/// <summary>
/// <c>POST {HeaderSet}(key)/{Navigation}</c>: creates a line under the addressed header, the header's key taken from the
/// URL. Inside a <c>$batch</c> changeset the URL can be <c>$1/VendorInvoiceLine</c>, so header and lines go in one atomic
/// request although the header's number is only assigned by the server. <c>VendorInvoiceLine</c> is the navigation
/// property the generated F&amp;O metadata names (contract §3, C1); the journal one is [inferred]. Whether F&amp;O accepts a
/// POST to a navigation property at all is unverified: the standard OData 4 way, modelled so connectors can be built on it.
/// </summary>
internal static class D365Navigation
{
    private static readonly Dictionary<(string Set, string Navigation), string> Lines = new()
    {
        [(D365EntitySets.InvoiceHeaders, "VendorInvoiceLine")] = D365EntitySets.InvoiceLines,
        [(D365EntitySets.JournalHeaders, "LedgerJournalLine")] = D365EntitySets.JournalLines,
    };

    /// <summary>The header's path and the line set, when <paramref name="path"/> is a header-to-lines navigation.</summary>
    public static (string HeaderPath, EntitySetDef LineSet)? Of(string path)
    {
        var at = path.LastIndexOf(")/", StringComparison.Ordinal);
        var open = path.IndexOf('(');
        if (at < 0 || open < 0 || open > at) return null;
        return Lines.TryGetValue((path[..open], path[(at + 2)..]), out var lines) ? (path[..(at + 1)], D365EntitySets.Find(lines)!) : null;
    }
}
