using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Visma;

internal sealed record VismaAddress(string? AddressLine1, string? AddressLine2, string? AddressLine3, string? PostalCode, string? City, string? CountryId);

internal sealed record VismaContact(string? Name, string? Email, string? Phone1);

internal sealed record SupplierRecord(
    int InternalId, string Number, string Name, string Status, string SupplierClassId, string CreditTermsId, string CurrencyId,
    string? VatRegistrationId, string? CorporateId, string VatZoneId, string? PaymentMethodId, VismaAddress MainAddress,
    VismaContact MainContact, DateTimeOffset Created, DateTimeOffset LastModified, long Version);

/// <summary>One segment of a subaccount on a line, as sent: <c>{"segmentId":1,"segmentValue":"D010"}</c>.</summary>
internal sealed record SegmentRef(int SegmentId, string SegmentValue);

internal sealed record InvoiceLineRecord(
    int LineNumber, string AccountNumber, IReadOnlyList<SegmentRef> Subaccount, string? Description,
    decimal Quantity, decimal UnitCost, decimal Cost, string? VatCodeId);

internal sealed record InvoiceRecord(
    string ReferenceNumber, string DocumentType, bool Hold, string Status, string SupplierNumber, string? SupplierReference,
    string? Description, DateOnly Date, DateOnly DueDate, string CurrencyId, IReadOnlyList<InvoiceLineRecord> Lines,
    DateTimeOffset Created, DateTimeOffset LastModified, long Version)
{
    public decimal Amount => Lines.Sum(l => l.Cost);
}

internal sealed record AccountRecord(int AccountId, string Number, string Description, string Type, bool Active, string AccountClass, DateTimeOffset LastModified);

internal sealed record SegmentValueRecord(string ValueId, string Description, bool Active, Guid PublicId, DateTimeOffset LastModified);

/// <summary>A segment of the SUBACCOUNT dimension and its values.</summary>
internal sealed record SegmentRecord(int SegmentId, string Description, int Length, bool Validate, IReadOnlyList<SegmentValueRecord> Values);

internal sealed record PoLineRecord(int LineNbr, string? Description, decimal OrderQty, decimal UnitCost, string AccountNumber, IReadOnlyList<SegmentRef> Sub)
{
    public decimal Amount => OrderQty * UnitCost;
}

internal sealed record PurchaseOrderRecord(
    string OrderNbr, string OrderType, string Status, bool Hold, DateOnly Date, string? Description, string SupplierNumber,
    string? SupplierRef, string Currency, IReadOnlyList<PoLineRecord> Lines, DateTimeOffset LastModified, long Version)
{
    public decimal Total => Lines.Sum(l => l.Amount);
}

/// <summary>
/// One Visma company: its own ledger, suppliers, documents and number series. Every read and write of a
/// company goes through <see cref="Gate"/>, so concurrent connector calls see consistent state.
/// </summary>
internal sealed class VismaCompany(int id, string tenantId, LegalEntity entity)
{
    public int Id => id;
    public string TenantId => tenantId;
    public LegalEntity Entity => entity;
    public Lock Gate { get; } = new();

    public List<SupplierRecord> Suppliers { get; } = [];
    public List<InvoiceRecord> Invoices { get; } = [];
    public List<AccountRecord> Accounts { get; } = [];
    public List<SegmentRecord> Segments { get; } = [];
    public List<PurchaseOrderRecord> Orders { get; } = [];

    public int NextSupplierNumber { get; set; }
    public int NextInvoiceNumber { get; set; } = 1;
    public int NextOrderNumber { get; set; }
    private long version;

    /// <summary>Row version behind <c>timeStamp</c>, increasing per company.</summary>
    public long NextVersion() => ++version;

    /// <summary>The first number of a series, from <paramref name="next"/> on, not already taken by hand.
    /// The caller moves the series past <c>Used</c> only once the record is stored, so refusals leave no gap.</summary>
    public static (string Number, int Used) FirstFree(int next, Func<int, string> format, Func<string, bool> taken)
    {
        while (taken(format(next))) next++;
        return (format(next), next);
    }

    public SupplierRecord? Supplier(string number) =>
        Suppliers.FirstOrDefault(s => string.Equals(s.Number, number, StringComparison.OrdinalIgnoreCase));

    public AccountRecord? Account(string number) => Accounts.FirstOrDefault(a => a.Number == number);

    /// <summary>Checks a line's subaccount: known segments, known and active values. Null when valid, else why not.</summary>
    public string? CheckSubaccount(IReadOnlyList<SegmentRef> segments)
    {
        foreach (var segment in segments)
        {
            var definition = Segments.FirstOrDefault(s => s.SegmentId == segment.SegmentId);
            if (definition is null) return $"Subaccount segment {segment.SegmentId} does not exist.";
            var value = definition.Values.FirstOrDefault(v => v.ValueId == segment.SegmentValue);
            if (value is null) return $"Value '{segment.SegmentValue}' does not exist in subaccount segment {segment.SegmentId} ({definition.Description}).";
            if (!value.Active) return $"Value '{segment.SegmentValue}' of subaccount segment {segment.SegmentId} is inactive.";
        }
        return segments.Select(s => s.SegmentId).Distinct().Count() != segments.Count ? "A subaccount segment is given twice." : null;
    }
}
