using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Ramp;

/// <summary>How spend objects look on the wire (Ramp's OpenAPI shapes). Call under the state lock.</summary>
internal static class RampSpendShapes
{
    public static object Transaction(RampState state, RampTransaction t)
    {
        var seed = t.Seed;
        var employee = state.EmployeesById[seed.EmployeeId];
        var lines = seed.Lines.Select(l => new
        {
            amount = RampJson.Money(l.Amount, seed.Currency),
            converted_amount = RampJson.Money(l.Amount, seed.Currency),
            memo = l.Memo,
            accounting_field_selections = Selections(state, l),
        }).ToList();
        return new
        {
            id = t.Id,
            // Legacy major-unit number, as the contract says; line items carry minor units.
            amount = seed.Amount,
            currency_code = seed.Currency,
            original_transaction_amount = RampJson.Money(seed.Amount, seed.Currency),
            state = StateName(t.State),
            sync_status = t.Sync switch { TransactionSync.SyncReady => "SYNC_READY", TransactionSync.Synced => "SYNCED", _ => "NOT_SYNC_READY" },
            synced_at = t.SyncedAt is { } at ? RampJson.Timestamp(at) : null,
            accounting_date = t.State == CardState.Cleared ? RampJson.Timestamp(seed.AccountingDate) : null,
            user_transaction_time = RampJson.Timestamp(seed.UserTransactionTime),
            settlement_date = RampJson.Timestamp(seed.AccountingDate),
            entity_id = state.EntityIdOf(seed.LegalEntityId),
            memo = string.IsNullOrEmpty(seed.Memo) ? null : seed.Memo,
            merchant_id = RampIds.For("merchant:" + seed.MerchantName),
            merchant_name = seed.MerchantName,
            merchant_descriptor = seed.MerchantName.ToUpperInvariant(),
            merchant_category_code = seed.MerchantCategoryCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            card_present = false,
            card_id = RampIds.For("card:" + employee.Id),
            card_holder = new
            {
                user_id = RampIds.For("user:" + employee.Id),
                first_name = employee.FirstName,
                last_name = employee.LastName,
                employee_id = employee.Id,
                department_id = RampIds.For("department:" + employee.DepartmentCode),
                department_name = state.DimensionNames.GetValueOrDefault(employee.DepartmentCode, employee.DepartmentCode),
            },
            sk_category_id = seed.MerchantCategoryCode,
            sk_category_name = state.AccountNames.GetValueOrDefault(seed.Lines[0].AccountNumber),
            // A single coding lives on the transaction; a split one only on its line items.
            accounting_field_selections = seed.Lines.Count == 1 ? lines[0].accounting_field_selections : [],
            line_items = lines,
            receipts = Array.Empty<string>(),
            disputes = Array.Empty<object>(),
            policy_violations = Array.Empty<object>(),
        };
    }

    public static string StateName(CardState state) => state switch
    {
        CardState.Pending => "PENDING",
        CardState.Declined => "DECLINED",
        _ => "CLEARED",
    };

    public static object Bill(RampState state, RampBill b)
    {
        var seed = b.Seed;
        var vendor = state.VendorsByNumber[seed.VendorNumber];
        return new
        {
            id = b.Id,
            invoice_number = string.IsNullOrEmpty(seed.InvoiceNumber) ? null : seed.InvoiceNumber,
            remote_id = b.RemoteId,
            deep_link_url = b.DeepLinkUrl ?? $"https://demo.ramp.com/bill-pay/bills/{b.Id}",
            amount = RampJson.Money(seed.Amount, seed.Currency),
            status = b.IsPaid ? "PAID" : "OPEN",
            sync_status = b.Sync switch { BillSync.BillSynced => "BILL_SYNCED", BillSync.BillAndPaymentSynced => "BILL_AND_PAYMENT_SYNCED", _ => "NOT_SYNCED" },
            approval_status = "APPROVED",
            issued_at = RampJson.Timestamp(seed.IssuedOn),
            due_at = RampJson.Timestamp(seed.DueOn),
            paid_at = b.PaidOn is { } paid ? RampJson.Timestamp(paid) : null,
            created_at = RampJson.Timestamp(seed.IssuedOn),
            accounting_date = RampJson.Timestamp(seed.IssuedOn),
            archived_at = (string?)null,
            entity_id = state.EntityIdOf(seed.LegalEntityId),
            memo = seed.Memo,
            fx_conversion_rate = "1.0",
            invoice_urls = Array.Empty<string>(),
            vendor_contact_id = (string?)null,
            bill_owner = new { id = RampIds.For("user:bill-owner"), first_name = "Accounts", last_name = "Payable" },
            vendor = new
            {
                id = vendor.Id,
                name = vendor.Name,
                remote_id = vendor.AccountingVendorRemoteId,
                remote_name = vendor.AccountingVendorRemoteId is null ? null : vendor.Seed.Name,
                type = "BUSINESS",
            },
            accounting_field_selections = new[] { VendorSelection(state, vendor) }.OfType<object>().ToList(),
            line_items = seed.Lines.Select(l => new
            {
                amount = RampJson.Money(l.Amount, seed.Currency),
                memo = l.Memo,
                accounting_field_selections = Selections(state, l),
            }).ToList(),
            inventory_line_items = Array.Empty<object>(),
            payment = b.IsPaid
                ? new
                {
                    amount = RampJson.Money(seed.Amount, seed.Currency),
                    payment_method = "ACH",
                    payment_date = b.PaidOn is { } on ? RampJson.Timestamp(on) : null,
                    effective_date = b.PaidOn is { } effective ? RampJson.Timestamp(effective) : null,
                    details = new { manual_payment_method = "PAID_IN_ERP" },
                    trace_id = (object?)null,
                }
                : null,
        };
    }

    /// <summary>
    /// A line's coding. Ramp returns the option's Ramp id and its ERP id; before the connector uploaded the chart, the
    /// Ramp id is a stable stand-in. [inferred] Department is a custom field (type OTHER), cost centre COST_CENTER.
    /// </summary>
    public static List<object> Selections(RampState state, CodedLine line)
    {
        var account = state.OfActive(state.GlAccounts).FirstOrDefault(a => a.RemoteId == line.AccountNumber);
        return
        [
            Selection(account?.RampId ?? RampIds.For("gl:" + line.AccountNumber), line.AccountNumber,
                state.AccountNames.GetValueOrDefault(line.AccountNumber, line.AccountNumber), "GL_ACCOUNT", "GL Account"),
            Selection(OptionId(state, SandboxCompany.Department, line.DepartmentCode), line.DepartmentCode,
                state.DimensionNames.GetValueOrDefault(line.DepartmentCode, line.DepartmentCode), "OTHER", SandboxCompany.Department),
            Selection(OptionId(state, SandboxCompany.CostCenter, line.CostCenterCode), line.CostCenterCode,
                state.DimensionNames.GetValueOrDefault(line.CostCenterCode, line.CostCenterCode), "COST_CENTER", SandboxCompany.CostCenter),
        ];
    }

    private static string OptionId(RampState state, string field, string code)
    {
        var uploadedField = state.ActiveFields.FirstOrDefault(f => f.RemoteId == field);
        var option = uploadedField is null ? null
            : state.OfActive(state.FieldOptions).FirstOrDefault(o => o.FieldRampId == uploadedField.RampId && o.RemoteId == code);
        return option?.RampId ?? RampIds.For($"option:{field}:{code}");
    }

    private static object? VendorSelection(RampState state, RampVendor vendor)
    {
        if (vendor.AccountingVendorRemoteId is not { } remote) return null;
        var uploaded = state.OfActive(state.AccountingVendors).FirstOrDefault(a => a.RemoteId == remote);
        return Selection(uploaded?.RampId ?? RampIds.For("accounting-vendor:" + remote), remote, uploaded?.Name ?? vendor.Name, "MERCHANT", "Vendor");
    }

    private static object Selection(string id, string externalId, string name, string type, string category) => new
    {
        id,
        external_id = externalId,
        external_code = externalId,
        name,
        type,
        category_info = new { id = RampIds.For("category:" + category), external_id = category, name = category, type },
        source = new { type = "ACCOUNTING_PROVIDER" },
    };
}
