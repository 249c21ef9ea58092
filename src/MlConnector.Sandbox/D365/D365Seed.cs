using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// Turns the shared <see cref="SandboxCompany"/> into F&amp;O rows. Deterministic: same company, same rows.
/// Vendor invoices and journals start empty — the connector creates them.
/// </summary>
internal static class D365Seed
{
    /// <summary>The one chart of accounts every legal entity uses (main accounts are per chart, not per company).</summary>
    public const string ChartOfAccounts = "Shared";

    private static readonly DateTimeOffset ActiveFrom = new(2020, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, List<Entity>> Build(SandboxCompany company)
    {
        var vendorsById = company.Vendors.ToDictionary(v => v.Number);
        return new Dictionary<string, List<Entity>>
        {
            [D365EntitySets.LegalEntities] = company.LegalEntities.Select(e => Row(
                ("LegalEntityId", e.Id), ("Name", e.Name), ("AccountingCurrency", e.Currency), ("AddressCountryRegionId", Iso3(e.Country)),
                ("ChartOfAccounts", ChartOfAccounts))).ToList(),
            [D365EntitySets.MainAccounts] = company.Accounts.Select((a, i) => Row(
                ("ChartOfAccounts", ChartOfAccounts), ("MainAccountId", a.Number), ("Name", a.Name), ("MainAccountType", AccountType(a.Type)),
                ("MainAccountCategory", a.Type.ToString().ToUpperInvariant()), ("IsSuspended", D365Names.YesNo(!a.Active)),
                ("DoNotAllowManualEntry", "No"), ("ActiveFrom", ActiveFrom), ("ActiveTo", D365Names.NoDate), ("DefaultCurrency", ""),
                ("ParentMainAccountId", ""), ("MainAccountRecId", 22565421000L + i))).ToList(),
            [D365EntitySets.DimensionAttributes] =
            [
                Row(("DimensionName", "MainAccount"), ("DimensionValueMask", ""), ("ReportColumnName", "MainAccount"), ("UseValuesFrom", "Main account")),
                Row(("DimensionName", SandboxCompany.Department), ("DimensionValueMask", ""), ("ReportColumnName", SandboxCompany.Department), ("UseValuesFrom", "Operating units")),
                Row(("DimensionName", SandboxCompany.CostCenter), ("DimensionValueMask", ""), ("ReportColumnName", SandboxCompany.CostCenter), ("UseValuesFrom", "Operating units")),
            ],
            // Shared values carry LegalEntityId '' (contract §3, [inferred]).
            [D365EntitySets.DimensionValues] = company.Dimensions.Select(d => Row(
                ("FinancialDimension", d.Dimension), ("LegalEntityId", ""), ("DimensionValue", d.Code), ("Description", d.Name),
                ("IsSuspended", D365Names.YesNo(!d.Active)), ("IsBlockedForManualEntry", "No"), ("IsTotal", "No"), ("ActiveFrom", ActiveFrom),
                ("ActiveTo", D365Names.NoDate), ("GroupDimension", ""), ("Owner", ""))).ToList(),
            [D365EntitySets.Vendors] = company.Vendors.Select(v => Row(
                (D365Names.DataAreaId, v.LegalEntityId), ("VendorAccountNumber", v.Number), ("VendorOrganizationName", v.Name),
                ("VendorPartyType", "Organization"), ("VendorGroupId", v.Category.ToUpperInvariant()), ("CurrencyCode", v.Currency),
                ("DefaultPaymentTermsName", "Net30"), ("DefaultVendorPaymentMethodName", "ELECTRONIC"),
                ("OnHoldStatus", v.OnHold ? "All" : v.Active ? "No" : "Never"), ("VendorSearchName", v.Name.ToUpperInvariant()),
                ("TaxExemptNumber", ""), ("PrimaryEmailAddress", v.Email), ("PrimaryPhoneNumber", ""), ("AddressStreet", v.Street),
                ("AddressCity", v.City), ("AddressZipCode", v.PostalCode), ("AddressStateId", v.State ?? ""),
                ("AddressCountryRegionId", Iso3(v.Country)), ("DefaultLedgerDimensionDisplayValue", ""))).ToList(),
            [D365EntitySets.PurchaseOrders] = company.PurchaseOrders.Select(po => Row(
                (D365Names.DataAreaId, po.LegalEntityId), ("PurchaseOrderNumber", po.Number), ("OrderVendorAccountNumber", po.VendorNumber),
                ("InvoiceVendorAccountNumber", po.VendorNumber), ("PurchaseOrderName", vendorsById[po.VendorNumber].Name),
                ("CurrencyCode", po.Currency), ("PurchaseOrderStatus", po.Open ? "Backorder" : "Invoiced"),
                ("DocumentApprovalStatus", "Confirmed"), ("AccountingDate", Date(po.OrderedOn)), ("RequestedDeliveryDate", Date(po.OrderedOn.AddDays(14))),
                ("PaymentTermsName", "Net30"), ("VendorOrderReference", ""), ("DefaultLedgerDimensionDisplayValue", ""))).ToList(),
            [D365EntitySets.PurchaseOrderLines] = company.PurchaseOrders.SelectMany(po => po.Lines.Select(l => Row(
                (D365Names.DataAreaId, po.LegalEntityId), ("PurchaseOrderNumber", po.Number), ("LineNumber", (long)l.LineNumber),
                ("LineDescription", l.Description), ("OrderedPurchaseQuantity", l.Quantity), ("PurchasePrice", l.UnitPrice), ("LineAmount", l.Amount),
                ("MainAccountIdDisplayValue", l.AccountNumber), ("DefaultLedgerDimensionDisplayValue", l.DepartmentCode), ("CurrencyCode", po.Currency)))).ToList(),
        };
    }

    private static Entity Row(params (string Name, object? Value)[] values) => new(values.ToDictionary(v => v.Name, v => v.Value));

    private static DateTimeOffset Date(DateOnly date) => new(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static string AccountType(AccountType type) => type switch
    {
        Seed.AccountType.Asset => "BalanceSheet",
        Seed.AccountType.Liability => "Liability",
        Seed.AccountType.Equity => "Equity",
        Seed.AccountType.Revenue => "Revenue",
        _ => "Expense",
    };

    private static string Iso3(string country) => country switch { "US" => "USA", "GB" => "GBR", "NO" => "NOR", _ => country };
}
