namespace MlConnector.Sandbox.Visma;

// Read shapes, as Visma sends them: unwrapped, nested references as small objects, times as local text
// without offset. Serialized camelCase by the host's web defaults (accountID/accountCD keep their capitals).

public sealed record IdRef(string? Id);

public sealed record NumberName(string Number, string? Name);

public sealed record AddressDto(string? AddressLine1, string? AddressLine2, string? AddressLine3, string? PostalCode, string? City, IdRef Country);

public sealed record ContactDto(string? Name, string? Email, string? Phone1);

public sealed record SupplierDto(
    int InternalId, string Number, string Name, string Status, IdRef SupplierClass, IdRef CreditTerms, string CurrencyId,
    string? VatRegistrationId, string? CorporateId, IdRef VatZone, AddressDto MainAddress, ContactDto MainContact, IdRef? PaymentMethod,
    string CreatedDateTime, string LastModifiedDateTime, string TimeStamp, VismaMetadata Metadata, string? ErrorInfo = null);

public sealed record AccountRefDto(string Number, string Description, string Type);

public sealed record SubaccountSegmentDto(int SegmentId, string? SegmentDescription, string SegmentValue, string? SegmentValueDescription);

public sealed record SubaccountDto(string SubaccountNumber, IReadOnlyList<SubaccountSegmentDto> Segments);

public sealed record InvoiceLineDto(
    int LineNumber, string? TransactionDescription, decimal Quantity, decimal UnitCostInCurrency, decimal CostInCurrency,
    AccountRefDto Account, SubaccountDto Subaccount, IdRef? VatCode);

public sealed record SupplierInvoiceDto(
    string ReferenceNumber, string DocumentType, string Status, string ApprovalStatus, bool Hold, NumberName Supplier,
    string? SupplierReference, string? Description, string Date, string DueDate, string PostPeriod, string FinancialPeriod,
    decimal Amount, decimal VatTotal, decimal Balance, string CurrencyId, bool PaySelected, IReadOnlyList<InvoiceLineDto> InvoiceLines,
    string CreatedDateTime, string LastModifiedDateTime, string TimeStamp, VismaMetadata Metadata, string? ErrorInfo = null);

public sealed record AccountDto(
    int AccountID, string AccountCD, string Description, string Type, bool Active, string AccountClass, bool UseDefaultSub,
    string? Currency, string PostOption, string? ExternalCode1, string? ExternalCode2, bool CashAccount,
    string LastModifiedDateTime, VismaMetadata Metadata, string? ErrorInfo = null);

public sealed record SegmentValueDto(string ValueId, string Description, bool Active, Guid PublicId, string LastModifiedDateTime);

public sealed record SegmentDto(int SegmentId, string Description, int Length, bool Validate, IReadOnlyList<SegmentValueDto> SegmentValues);

public sealed record DimensionDto(string Id, string Description, IReadOnlyList<SegmentDto> Segments, VismaMetadata Metadata, string? ErrorInfo = null);

public sealed record PurchaseOrderLineDto(
    int LineNbr, string? LineDescription, decimal OrderQty, decimal UnitCost, decimal ExtCost, decimal Amount, AccountRefDto Account, SubaccountDto Sub);

public sealed record PurchaseOrderDto(
    string OrderNbr, string OrderType, string Status, bool Hold, string Date, string? Description, NumberName Supplier, string? SupplierRef,
    string Currency, decimal OrderTotal, decimal LineTotal, decimal TaxTotal, IReadOnlyList<PurchaseOrderLineDto> Lines,
    string LastModifiedDateTime, string TimeStamp, VismaMetadata Metadata, string? ErrorInfo = null);

/// <summary>What <c>POST …/action/{name}</c> answers (contract §3).</summary>
public sealed record ActionResultDto(Guid ActionId, string ActionResult, string? ErrorInfo);
