namespace MlConnector.Sandbox.D365;

/// <summary>
/// The entity sets the sandbox serves, with the property names of F&amp;O 10.0.4x (contract §3). Only the fields a
/// connector needs are modelled; anything else in a body or $select is an unknown property (400).
/// </summary>
public static class D365EntitySets
{
    public const string Vendors = "VendorsV2";
    public const string MainAccounts = "MainAccounts";
    public const string DimensionValues = "FinancialDimensionValues";
    public const string DimensionAttributes = "DimensionAttributes";
    public const string LegalEntities = "LegalEntities";
    public const string InvoiceHeaders = "VendorInvoiceHeaders";
    public const string InvoiceLines = "VendorInvoiceLines";
    public const string JournalHeaders = "LedgerJournalHeaders";
    public const string JournalLines = "LedgerJournalLines";
    public const string PurchaseOrders = "PurchaseOrderHeadersV2";
    public const string PurchaseOrderLines = "PurchaseOrderLinesV2";

    private static PropertyDef S(string name) => new(name, PropKind.String);
    private static PropertyDef M(string name) => new(name, PropKind.Decimal);
    private static PropertyDef I(string name) => new(name, PropKind.Int);
    private static PropertyDef T(string name) => new(name, PropKind.Date);
    private static PropertyDef E(string name, string type = D365Names.NoYes) => new(name, PropKind.Enum, type);
    private const string Area = D365Names.DataAreaId;

    public static readonly IReadOnlyList<EntitySetDef> All =
    [
        new(Vendors, [Area, "VendorAccountNumber"],
        [
            S(Area), S("VendorAccountNumber"), S("VendorOrganizationName"), E("VendorPartyType", "DirPartyBaseType"), S("VendorGroupId"),
            S("CurrencyCode"), S("DefaultPaymentTermsName"), S("DefaultVendorPaymentMethodName"), E("OnHoldStatus", "CustVendorBlocked"),
            S("VendorSearchName"), S("TaxExemptNumber"), S("PrimaryEmailAddress"), S("PrimaryPhoneNumber"), S("AddressStreet"),
            S("AddressCity"), S("AddressZipCode"), S("AddressStateId"), S("AddressCountryRegionId"), S("DefaultLedgerDimensionDisplayValue"),
        ]),
        new(MainAccounts, ["ChartOfAccounts", "MainAccountId"],
        [
            S("ChartOfAccounts"), S("MainAccountId"), S("Name"), E("MainAccountType", "DimensionLedgerAccountType"), S("MainAccountCategory"),
            E("IsSuspended"), E("DoNotAllowManualEntry"), T("ActiveFrom"), T("ActiveTo"), S("DefaultCurrency"), S("ParentMainAccountId"),
            new("MainAccountRecId", PropKind.Int),
        ]),
        new(DimensionValues, ["FinancialDimension", "LegalEntityId", "DimensionValue"],
        [
            S("FinancialDimension"), S("LegalEntityId"), S("DimensionValue"), S("Description"), E("IsSuspended"), E("IsBlockedForManualEntry"),
            E("IsTotal"), T("ActiveFrom"), T("ActiveTo"), S("GroupDimension"), S("Owner"),
        ]),
        new(DimensionAttributes, ["DimensionName"], [S("DimensionName"), S("DimensionValueMask"), S("ReportColumnName"), S("UseValuesFrom")]),
        new(LegalEntities, ["LegalEntityId"], [S("LegalEntityId"), S("Name"), S("AccountingCurrency"), S("AddressCountryRegionId"), S("ChartOfAccounts")]),
        new(InvoiceHeaders, [Area, "HeaderReference"],
        [
            S(Area), S("HeaderReference"), S("InvoiceNumber"), S("InvoiceAccount"), S("VendorAccount"), T("InvoiceDate"), T("Date"), T("DueDate"),
            S("Currency"), S("InvoiceDescription"), S("DimensionDisplayValue"), S("PurchaseOrderNumber"), S("TermsOfPayment"), S("MethodOfPayment"),
            S("SalesTaxGroup"), M("ImportedAmount"), M("ImportedSalesTax"), E("IsOnHold"), E("IsApproved"),
            E("VendorInvoiceReviewStatus", "VendInvoiceReviewStatus"), E("HeaderOnlyImport"), S("Log"),
        ], Writable: true),
        new(InvoiceLines, [Area, "HeaderReference", "InvoiceLineNumber"],
        [
            S(Area), S("HeaderReference"), I("InvoiceLineNumber"), M("LineNumber"), S("Currency"), S("InvoiceAccount"), S("VendorAccount"),
            S("ItemNumber"), S("ProcurementCategoryName"), S("LineDescription"), M("ReceiveNow"), M("UnitPrice"), M("PriceUnit"), S("Unit"),
            M("NetAmount"), M("Amount"), S("MainAccountDisplayValue"), S("DimensionDisplayValue"), S("PurchaseOrder"), M("PurchLineNumber"),
            S("SalesTaxGroup"), S("ItemSalesTax"),
        ], Writable: true),
        new(JournalHeaders, [Area, "JournalBatchNumber"],
        [
            S(Area), S("JournalBatchNumber"), S("JournalName"), S("Description"), E("PostingLayer", "CurrentOperationsTax"), E("IsPosted"),
            M("JournalTotalDebit"), M("JournalTotalCredit"), S("IntegrationKey"),
        ], Writable: true),
        new(JournalLines, [Area, "JournalBatchNumber", "LineNumber"],
        [
            S(Area), S("JournalBatchNumber"), M("LineNumber"), E("AccountType", "LedgerJournalACType"), S("AccountDisplayValue"),
            E("OffsetAccountType", "LedgerJournalACType"), S("OffsetAccountDisplayValue"), S("DefaultDimensionDisplayValue"),
            S("OffsetDefaultDimensionDisplayValue"), T("TransDate"), S("Voucher"), S("CurrencyCode"), M("DebitAmount"), M("CreditAmount"),
            S("Text"), S("Document"), S("Invoice"), M("ExchRate"),
        ], Writable: true),
        new(PurchaseOrders, [Area, "PurchaseOrderNumber"],
        [
            S(Area), S("PurchaseOrderNumber"), S("OrderVendorAccountNumber"), S("InvoiceVendorAccountNumber"), S("PurchaseOrderName"),
            S("CurrencyCode"), E("PurchaseOrderStatus", "PurchStatus"), E("DocumentApprovalStatus", "VersioningDocumentState"), T("AccountingDate"),
            T("RequestedDeliveryDate"), S("PaymentTermsName"), S("VendorOrderReference"), S("DefaultLedgerDimensionDisplayValue"),
        ]),
        new(PurchaseOrderLines, [Area, "PurchaseOrderNumber", "LineNumber"],
        [
            S(Area), S("PurchaseOrderNumber"), I("LineNumber"), S("LineDescription"), M("OrderedPurchaseQuantity"), M("PurchasePrice"),
            M("LineAmount"), S("MainAccountIdDisplayValue"), S("DefaultLedgerDimensionDisplayValue"), S("CurrencyCode"),
        ]),
    ];

    /// <summary>Entity set names are case-sensitive in F&amp;O (contract §2): <c>vendorsv2</c> is not found.</summary>
    public static EntitySetDef? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
