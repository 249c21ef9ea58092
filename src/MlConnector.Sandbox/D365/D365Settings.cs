using System.Text.Json.Serialization;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// Accounts payable parameter "invoice number check" (AX enum <c>ReuseVoucher</c>, contract §6), reduced to what a
/// connector can observe: reject the header POST, accept it silently, or accept it with a warning in <c>Log</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DuplicateInvoicePolicy>))]
public enum DuplicateInvoicePolicy { Reject, Accept, Warn }

/// <summary>
/// Switches of the D365 simulator (tests set them; <see cref="D365Simulator.Reset"/> restores the defaults).
/// Swapped as a whole, like <see cref="Shared.FaultSettings"/>, so a request sees one consistent set.
/// </summary>
public sealed record D365Settings
{
    /// <summary>Server-driven page size; F&amp;O uses 10,000 (contract §2). Tests page small.</summary>
    public int PageSize { get; init; } = 10_000;

    /// <summary><c>expires_in</c> of issued tokens; Entra says 3599 for a one-hour token. Zero issues already-expired tokens.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(3599);

    public DuplicateInvoicePolicy DuplicateInvoices { get; init; } = DuplicateInvoicePolicy.Reject;

    /// <summary>
    /// Active "Ledger dimension" integration format (main account first). Null = none set up, and every ledger
    /// display string is rejected, as F&amp;O fails imports without a format (contract §5).
    /// </summary>
    public DimensionFormat? LedgerDimensionFormat { get; init; } = new(["MainAccount", "Department", "CostCenter"]);

    /// <summary>Active "Default dimension" integration format (header/line <c>DimensionDisplayValue</c>).</summary>
    public DimensionFormat? DefaultDimensionFormat { get; init; } = new(["Department", "CostCenter"]);

    /// <summary>
    /// Key-addressed reads and writes outside the caller's default company answer 404 unless <c>cross-company=true</c>
    /// (open question 8: the safe assumption, so connectors learn to send it).
    /// </summary>
    public bool RequireCrossCompanyForKeyAccess { get; init; } = true;

    /// <summary>
    /// Whether a client-supplied <c>HeaderReference</c>/<c>JournalBatchNumber</c> is kept (open questions 2 and 4).
    /// Off: the number sequence always assigns, so connectors must read the number from the 201 body (C3 does).
    /// </summary>
    public bool KeepSuppliedDocumentNumbers { get; init; }

    /// <summary>
    /// Posted vendor invoices leave <c>VendorInvoiceHeaders</c>/<c>Lines</c> (contract §6: the set holds pending invoices
    /// only), so a connector cannot rely on it to find what was posted. Off: they stay listed, locked.
    /// </summary>
    public bool HidePostedInvoices { get; init; } = true;

    /// <summary>Per-app service protection: requests a client may make per minute before 429 + Retry-After. Null: off.</summary>
    public int? RequestsPerMinutePerClient { get; init; }

    /// <summary>Journal names set up in General ledger &gt; Journal setup; <c>JournalName</c> must be one of them.</summary>
    public IReadOnlyList<string> JournalNames { get; init; } = ["GenJrn", "CardSpend", "VendPay"];

    /// <summary>
    /// Ledger periods before this date are closed (General ledger &gt; Calendars &gt; Ledger calendars): a journal line dated
    /// earlier is refused with F&amp;O's period infolog, on insert and on update. Null: every period is open.
    /// </summary>
    public DateOnly? ClosedPeriodsBefore { get; init; }
}

/// <summary>
/// A "financial dimension configuration for integrating applications" format: the ordered segment names
/// (<c>MainAccount</c>, <c>Department</c>, <c>CostCenter</c>) and the delimiter.
/// </summary>
public sealed record DimensionFormat(IReadOnlyList<string> Segments, string Delimiter = "-")
{
    public override string ToString() => string.Join(Delimiter, Segments);
}
