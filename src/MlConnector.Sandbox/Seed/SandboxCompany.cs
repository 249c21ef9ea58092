namespace MlConnector.Sandbox.Seed;

/// <summary>
/// The fictional customer every simulator mirrors: Harbor &amp; Pine Advisory, a ~300-person services firm
/// with three legal entities. The ERP simulators hold its ledger (accounts, vendors, dimensions); Ramp
/// and Stampli hold its spend, coded against the same codes. Built deterministically from a seed.
/// </summary>
public sealed record SandboxCompany(
    string Name,
    IReadOnlyList<LegalEntity> LegalEntities,
    IReadOnlyList<LedgerAccount> Accounts,
    IReadOnlyList<DimensionValue> Dimensions,
    IReadOnlyList<Vendor> Vendors,
    IReadOnlyList<Employee> Employees,
    IReadOnlyList<Bill> Bills,
    IReadOnlyList<CardTransaction> Transactions,
    IReadOnlyList<PurchaseOrder> PurchaseOrders)
{
    public const string Department = "Department";
    public const string CostCenter = "CostCenter";

    public IEnumerable<DimensionValue> ValuesOf(string dimension) => Dimensions.Where(d => d.Dimension == dimension);
}

/// <summary>A legal entity; <see cref="Id"/> is its D365 dataAreaId (lower case, 4 characters).</summary>
public sealed record LegalEntity(string Id, string Name, string Currency, string Country);

public enum AccountType { Asset, Liability, Equity, Revenue, Expense }

/// <summary>A main account of the shared chart (every legal entity uses the same chart).</summary>
public sealed record LedgerAccount(string Number, string Name, AccountType Type, bool Active);

/// <summary>A value of a financial dimension (<see cref="SandboxCompany.Department"/> or <see cref="SandboxCompany.CostCenter"/>).</summary>
public sealed record DimensionValue(string Dimension, string Code, string Name, bool Active);

/// <summary>A supplier in the ERP, known in Ramp as an accounting vendor and a Ramp vendor.</summary>
public sealed record Vendor(
    string Number, string Name, string LegalEntityId, string Country, string Currency, string Email,
    string Street, string City, string PostalCode, string? State, string Category, bool OnHold, bool Active);

public sealed record Employee(string Id, string FirstName, string LastName, string Email, string DepartmentCode, string LegalEntityId);

/// <summary>One coded line: main account, dimensions, amount in the document's currency (major units).</summary>
public sealed record CodedLine(string AccountNumber, string DepartmentCode, string CostCenterCode, decimal Amount, string Memo);

public enum BillStatus { Draft, Approved, Paid }

/// <summary>An AP bill (Ramp Bill Pay, or a Stampli-approved invoice).</summary>
public sealed record Bill(
    string Id, string InvoiceNumber, string VendorNumber, string LegalEntityId, DateOnly IssuedOn, DateOnly DueOn,
    string Currency, IReadOnlyList<CodedLine> Lines, BillStatus Status, DateOnly? PaidOn, string Memo)
{
    public decimal Amount => Lines.Sum(l => l.Amount);
}

public enum CardState { Pending, Cleared, Declined }

/// <summary>A corporate card transaction; several lines mean the cardholder split it.</summary>
public sealed record CardTransaction(
    string Id, string EmployeeId, string MerchantName, int MerchantCategoryCode, string LegalEntityId,
    DateTimeOffset UserTransactionTime, DateOnly AccountingDate, string Currency, IReadOnlyList<CodedLine> Lines,
    CardState State, string Memo)
{
    public decimal Amount => Lines.Sum(l => l.Amount);
}

public sealed record PurchaseOrder(
    string Id, string Number, string VendorNumber, string LegalEntityId, DateOnly OrderedOn, string Currency,
    IReadOnlyList<PurchaseOrderLine> Lines, bool Open);

public sealed record PurchaseOrderLine(int LineNumber, string Description, decimal Quantity, decimal UnitPrice, string AccountNumber, string DepartmentCode)
{
    public decimal Amount => Quantity * UnitPrice;
}
