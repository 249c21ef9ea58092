namespace MlConnector.Sandbox.D365;

/// <summary>Pending vendor invoices: header first (numbered by the server), then its lines (contract §4, §6).</summary>
internal static class InvoiceRules
{
    private const string Header = D365WriteRules.HeaderType;
    private const string Line = D365WriteRules.LineType;

    public static void NewHeader(D365WriteRules rules, Entity row)
    {
        var company = row.Text(D365Names.DataAreaId);
        if (!(rules.Settings.KeepSuppliedDocumentNumbers && row.Text("HeaderReference").Length > 0))
            row["HeaderReference"] = rules.NextNumber($"{company}/VendorInvoiceHeaders", "'APINV'000000");
        if (row.Text("InvoiceAccount").Length == 0) row["InvoiceAccount"] = row["VendorAccount"];
        if (row.Text("VendorAccount").Length == 0) row["VendorAccount"] = row["InvoiceAccount"];
        Default(row, "InvoiceDate", D365Names.NoDate);
        Default(row, "Date", row["InvoiceDate"]);
        Default(row, "DueDate", row["InvoiceDate"]);
        Default(row, "ImportedAmount", 0m);
        Default(row, "ImportedSalesTax", 0m);
        foreach (var flag in new[] { "IsOnHold", "IsApproved", "HeaderOnlyImport" }) Default(row, flag, "No");
        Default(row, "VendorInvoiceReviewStatus", "None");
        CheckHeader(rules, row, isNew: true);
        foreach (var text in new[] { "InvoiceDescription", "PurchaseOrderNumber", "TermsOfPayment", "MethodOfPayment", "SalesTaxGroup", "Log" })
            Default(row, text, "");
    }

    public static void CheckHeader(D365WriteRules rules, Entity row, bool isNew)
    {
        var company = row.Text(D365Names.DataAreaId);
        var number = row.Text("InvoiceNumber");
        if (number.Length == 0) throw D365WriteRules.Required(Header, "Invoice");
        if (row.Text("InvoiceAccount").Length == 0) throw D365WriteRules.Required(Header, "Invoice account");
        var vendor = CheckVendor(rules, company, row.Text("InvoiceAccount"), "Invoice account");
        CheckVendor(rules, company, row.Text("VendorAccount"), "Vendor account");
        if (vendor.Text("OnHoldStatus") is "All" or "Invoice" or "Never")
            throw ODataFault.WriteFailed(Header, $"Vendor {vendor.Text("VendorAccountNumber")} is on hold for invoicing ({vendor.Text("OnHoldStatus")}).");
        if (row.Text("Currency").Length == 0) row["Currency"] = vendor["CurrencyCode"];
        row["DimensionDisplayValue"] = DimensionDisplayValues.Normalize(rules.Settings.DefaultDimensionFormat,
            row.Text("DimensionDisplayValue"), rules.Store, Header, "DimensionDisplayValue");
        // On update the header's own stored row is not a duplicate of itself.
        CheckDuplicate(rules, row, company, number, isNew ? null : row.Text("HeaderReference"));
    }

    /// <summary>
    /// Invoice number check per (company, invoice account, number), over pending and posted invoices alike: posted
    /// ones stay in the store (locked), which is what F&amp;O's check against its invoice journal amounts to.
    /// </summary>
    private static void CheckDuplicate(D365WriteRules rules, Entity row, string company, string number, string? self)
    {
        var policy = rules.Settings.DuplicateInvoices;
        if (policy == DuplicateInvoicePolicy.Accept) return;
        var account = row.Text("InvoiceAccount");
        var used = rules.Store.Table(D365EntitySets.InvoiceHeaders).Any(h =>
            D365WriteRules.SameDocument(h, company, "InvoiceAccount", account) && D365Values.KeyEquals(h["InvoiceNumber"], number)
            && (self is null || !D365Values.KeyEquals(h["HeaderReference"], self)));
        if (!used) return;
        var message = $"Invoice number {number} is already used for vendor account {account}.";
        if (policy == DuplicateInvoicePolicy.Reject) throw ODataFault.WriteFailed(Header, message);
        row["Log"] = $"Warning: {message}";
    }

    public static void NewLine(D365WriteRules rules, Entity row)
    {
        var header = rules.OpenHeader(D365EntitySets.InvoiceHeaders, "HeaderReference", row, Line, "Header reference");
        row["HeaderReference"] = header["HeaderReference"];
        if (row["InvoiceLineNumber"] is null)
        {
            var company = row.Text(D365Names.DataAreaId);
            row["InvoiceLineNumber"] = (long)rules.Store.LastLineNumber(D365EntitySets.InvoiceLines, company, header.Text("HeaderReference")) + 1;
        }
        Default(row, "LineNumber", (decimal)(long)row["InvoiceLineNumber"]!);
        Default(row, "InvoiceAccount", header["InvoiceAccount"]);
        Default(row, "VendorAccount", header["VendorAccount"]);
        if (row["NetAmount"] is null && row["ReceiveNow"] is decimal quantity && row["UnitPrice"] is decimal price) row["NetAmount"] = quantity * price;
        CheckLine(rules, row);
    }

    public static void CheckLine(D365WriteRules rules, Entity row)
    {
        // The docs list Currency as required on lines even though the header has one (contract §3).
        if (row.Text("Currency").Length == 0) throw D365WriteRules.Required(Line, "Currency");
        if (row.Text("PurchaseOrder").Length > 0 && row["PurchLineNumber"] is null) throw D365WriteRules.Required(Line, "Purchase order line number");
        var account = row.Text("MainAccountDisplayValue");
        if (account.Length > 0) DimensionDisplayValues.CheckMainAccount(account, rules.Store, Line, "MainAccountDisplayValue");
        row["DimensionDisplayValue"] = DimensionDisplayValues.Normalize(rules.Settings.DefaultDimensionFormat,
            row.Text("DimensionDisplayValue"), rules.Store, Line, "DimensionDisplayValue");
    }

    private static Entity CheckVendor(D365WriteRules rules, string company, string account, string label) =>
        rules.Vendor(company, account)
        ?? throw ODataFault.WriteFailed(Header, $"The value '{account}' in field '{label}' is not found in the related table 'Vendors'.");

    internal static void Default(Entity row, string name, object? value)
    {
        if (row[name] is null) row[name] = value;
    }
}
