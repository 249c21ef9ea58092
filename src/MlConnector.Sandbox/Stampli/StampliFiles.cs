namespace MlConnector.Sandbox.Stampli;

/// <summary>
/// Stampli's file exchange (it has no API): the folders on the SFTP server and the columns of the CSV
/// templates proposed in shared/contracts/stampli.md §3–4 (inferred there; kept in one place here).
/// </summary>
public static class StampliFiles
{
    /// <summary>Stampli writes exports here; we poll it.</summary>
    public const string Outbound = "outbound";

    /// <summary>We write master data for Stampli to import here.</summary>
    public const string Inbound = "inbound";

    /// <summary>Processed files are moved here.</summary>
    public const string Archive = "archive";

    public static readonly string[] Folders = [Outbound, Inbound, Archive];

    /// <summary>Approved invoices, one row per line, header fields repeated on every row (§4.5).</summary>
    public static readonly string[] InvoiceColumns =
    [
        "StampliInvoiceID", "LegalEntity", "VendorID", "VendorName", "InvoiceNumber", "InvoiceDate", "DueDate", "PostingDate",
        "Currency", "InvoiceTotal", "TaxTotal", "PONumber", "Description", "Status", "ApprovedDate", "ApprovedBy",
        "LineNumber", "LineDescription", "GLAccount", "Dim_Department", "Dim_CostCenter", "Quantity", "UnitPrice", "LineAmount",
        "TaxGroup", "ExportedAt",
    ];

    /// <summary>Payment status Stampli reports back (§4.6).</summary>
    public static readonly string[] PaymentColumns =
    [
        "StampliInvoiceID", "LegalEntity", "VendorID", "InvoiceNumber", "PaymentID", "PaymentDate", "PaymentMethod",
        "PaymentAmount", "Currency", "PaymentStatus", "Reference",
    ];

    /// <summary><c>&lt;object&gt;_&lt;legalEntity&gt;_&lt;yyyyMMddTHHmmssZ&gt;_&lt;seq&gt;.csv</c> (§3).</summary>
    public static string FileName(string kind, string legalEntity, DateTimeOffset at, int sequence) =>
        $"{kind}_{legalEntity}_{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}_{sequence:000}.csv";
}
