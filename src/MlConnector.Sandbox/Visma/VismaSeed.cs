using System.Security.Cryptography;
using System.Text;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Visma;

/// <summary>
/// Builds each Visma company from the shared <see cref="SandboxCompany"/>: the shared chart of accounts, the
/// suppliers and purchase orders of that legal entity only (vendor numbers kept, so Ramp and Visma agree),
/// Department and CostCenter as segments 1 and 2 of SUBACCOUNT. Supplier invoices start empty.
/// Seeded records carry fixed timestamps before <see cref="SandboxCompanyGenerator.AsOf"/>, so delta reads are reproducible.
/// </summary>
internal static class VismaSeed
{
    public const int DepartmentSegment = 1;
    public const int CostCenterSegment = 2;

    private static readonly DateTimeOffset SeededAt = new(SandboxCompanyGenerator.AsOf.AddDays(-1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    public static VismaCompany Build(SandboxCompany seed, string legalEntityId, int companyId, string tenantId)
    {
        var entity = seed.LegalEntities.Single(e => e.Id == legalEntityId);
        var company = new VismaCompany(companyId, tenantId, entity);

        // Timestamps spread over the weeks before the seed date: a delta filter then has something to cut.
        company.Accounts.AddRange(seed.Accounts.Select((a, i) => new AccountRecord(i + 1, a.Number, a.Name, VismaType(a.Type), a.Active,
            a.Type.ToString().ToUpperInvariant(), SeededAt.AddHours(-(i % 40) * 12))));

        company.Segments.Add(Segment(DepartmentSegment, "Department", seed.ValuesOf(SandboxCompany.Department)));
        company.Segments.Add(Segment(CostCenterSegment, "Cost centre", seed.ValuesOf(SandboxCompany.CostCenter)));

        var vendors = seed.Vendors.Where(v => v.LegalEntityId == legalEntityId).OrderBy(v => v.Number, StringComparer.Ordinal).ToList();
        company.Suppliers.AddRange(vendors.Select((v, i) => new SupplierRecord(i + 1, v.Number, v.Name,
            !v.Active ? "Inactive" : v.OnHold ? "OnHold" : "Active", v.Currency == entity.Currency ? "DOMESTIC" : "FOREIGN", "30D",
            v.Currency, null, null, v.Country == entity.Country ? "DOMESTIC" : "FOREIGN", "BANK",
            new VismaAddress(v.Street, null, null, v.PostalCode, v.City, v.Country), new VismaContact(v.Name, v.Email, null),
            SeededAt.AddDays(-200 + i), SeededAt.AddHours(-(i % 30) * 20), company.NextVersion())));
        // New suppliers continue the shared vendor series, which is global across entities.
        company.NextSupplierNumber = seed.Vendors.Count + 1;

        var byNumber = vendors.ToDictionary(v => v.Number);
        company.Orders.AddRange(seed.PurchaseOrders.Where(p => p.LegalEntityId == legalEntityId && byNumber.ContainsKey(p.VendorNumber))
            .OrderBy(p => p.Number, StringComparer.Ordinal)
            .Select(p => new PurchaseOrderRecord(p.Number, "RegularOrder", p.Open ? "Open" : "Closed", false, p.OrderedOn, null, p.VendorNumber, null,
                p.Currency, [.. p.Lines.Select(l => new PoLineRecord(l.LineNumber, l.Description, l.Quantity, l.UnitPrice, l.AccountNumber,
                    [new SegmentRef(DepartmentSegment, l.DepartmentCode)]))],
                new DateTimeOffset(p.OrderedOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), company.NextVersion())));
        company.NextOrderNumber = seed.PurchaseOrders.Count == 0 ? 1
            : seed.PurchaseOrders.Max(p => int.Parse(p.Number[2..], System.Globalization.CultureInfo.InvariantCulture)) + 1;
        return company;
    }

    /// <summary>Visma knows Asset, Liability, Income and Expense; equity accounts are Liability there.</summary>
    private static string VismaType(AccountType type) => type switch
    {
        AccountType.Asset => "Asset",
        AccountType.Revenue => "Income",
        AccountType.Expense => "Expense",
        _ => "Liability",
    };

    private static SegmentRecord Segment(int id, string description, IEnumerable<DimensionValue> values)
    {
        var list = values.Select((v, i) => new SegmentValueRecord(v.Code, v.Name, v.Active, PublicId(v.Dimension + "/" + v.Code),
            SeededAt.AddDays(-i))).ToList();
        return new SegmentRecord(id, description, list.Max(v => v.ValueId.Length), Validate: true, list);
    }

    /// <summary>Stable GUID per value, so publicId is the same on every run.</summary>
    public static Guid PublicId(string key) => new(SHA256.HashData(Encoding.UTF8.GetBytes("visma/" + key)).AsSpan(0, 16));
}
