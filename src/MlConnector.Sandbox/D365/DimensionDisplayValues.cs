namespace MlConnector.Sandbox.D365;

/// <summary>
/// Reads financial dimension display strings against the active integration format (contract §5): segments map by
/// position, extra segments are dropped without error, missing ones stay blank, and every non-blank value must
/// exist (and not be suspended) in <c>MainAccounts</c> or <c>FinancialDimensionValues</c>, else the write fails.
/// The <c>\-</c> escape one client uses is not modelled: no sandbox value contains the delimiter.
/// </summary>
internal static class DimensionDisplayValues
{
    public const string MainAccount = "MainAccount";

    /// <summary>The string as F&amp;O stores it (extra segments gone); blank in, blank out. Caller holds the store lock.</summary>
    public static string Normalize(DimensionFormat? format, string? display, D365Store store, string entityType, string field)
    {
        if (string.IsNullOrWhiteSpace(display)) return "";
        if (format is null)
            throw ODataFault.WriteFailed(entityType,
                $"No active financial dimension format for integrating applications is set up for '{field}'. Set one up in General ledger > Chart of accounts > Dimensions.");
        var parts = display.Split(format.Delimiter);
        var segments = format.Segments.Select((name, i) => i < parts.Length ? parts[i].Trim() : "").ToArray();
        for (var i = 0; i < segments.Length; i++)
            if (segments[i].Length > 0) Check(format.Segments[i], segments[i], display, store, entityType, field);
        return string.Join(format.Delimiter, segments);
    }

    /// <summary>A main account as used alone (<c>MainAccountDisplayValue</c>): must exist and not be suspended.</summary>
    public static void CheckMainAccount(string account, D365Store store, string entityType, string field) =>
        Check(MainAccount, account, account, store, entityType, field);

    private static void Check(string dimension, string value, string display, D365Store store, string entityType, string field)
    {
        Entity? row = dimension == MainAccount
            ? store.Table(D365EntitySets.MainAccounts).FirstOrDefault(a => D365Values.KeyEquals(a["MainAccountId"], value))
            : store.Table(D365EntitySets.DimensionValues).FirstOrDefault(d =>
                d.Text("FinancialDimension") == dimension && D365Values.KeyEquals(d["DimensionValue"], value));
        if (row is null)
            throw ODataFault.WriteFailed(entityType,
                $"The value '{value}' does not exist for the financial dimension '{dimension}' in {field} '{display}'.");
        if (row.Text("IsSuspended") == "Yes")
            throw ODataFault.WriteFailed(entityType,
                $"The value '{value}' of the financial dimension '{dimension}' is suspended and cannot be used ({field} '{display}').");
    }
}
