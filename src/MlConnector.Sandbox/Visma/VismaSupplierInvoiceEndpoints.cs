namespace MlConnector.Sandbox.Visma;

/// <summary><c>/v1/supplierInvoice</c> (AP301000): list with filters, get, create (201 + Location), update (204).</summary>
internal static class VismaSupplierInvoiceEndpoints
{
    public static void Map(RouteGroupBuilder v1, VismaSimulator simulator)
    {
        v1.MapGet("/supplierInvoice", (HttpContext http) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            var company = caller.Company;
            lock (company.Gate)
            {
                IEnumerable<InvoiceRecord> rows = company.Invoices;
                if (query.Text("supplier") is { } supplier) rows = rows.Where(i => i.SupplierNumber.Equals(supplier, StringComparison.OrdinalIgnoreCase));
                if (query.Text("documentType") is { } type) rows = rows.Where(i => i.DocumentType.Equals(type, StringComparison.OrdinalIgnoreCase));
                if (query.Text("status") is { } status) rows = rows.Where(i => i.Status.Equals(status, StringComparison.OrdinalIgnoreCase));
                if (query.Text("released") is { } released) rows = rows.Where(i => IsReleased(i) == released is "1" or "true");
                if (query.Text("financialPeriod") is { } period) rows = rows.Where(i => FinancialPeriod(i.Date) == period);
                // No supplierReference filter exists in the spec (contract §5): like any unknown parameter it is ignored.
                rows = query.Condition(rows, "dueDate", i => i.DueDate);
                rows = query.Condition(rows, "docDate", i => i.Date);
                rows = query.Condition(rows, "lastModifiedDateTime", i => i.LastModified);
                rows = query.Condition(rows, "createdDateTime", i => i.Created);
                return Results.Ok(query.Page(rows.OrderBy(i => i.ReferenceNumber, StringComparer.Ordinal).ToList(), (i, m) => Dto(i, company, query, m)));
            }
        });

        v1.MapGet("/supplierInvoice/{number}", (HttpContext http, string number) => Get(http, null, number));
        v1.MapGet("/supplierInvoice/{documentType}/{number}", (HttpContext http, string documentType, string number) => Get(http, documentType, number));

        v1.MapPost("/supplierInvoice", async (HttpContext http) =>
        {
            var caller = VismaCaller.Of(http);
            var body = await VismaWire.ReadBodyAsync(http.Request);
            lock (caller.Company.Gate)
            {
                var invoice = VismaSupplierInvoiceWrite.Create(body, caller.Company, caller.Settings, simulator.Now());
                caller.Company.Invoices.Add(invoice);
                return Results.Created(VismaSupplierEndpoints.Location(http, invoice.ReferenceNumber), null);
            }
        });

        VismaSupplierInvoiceActions.Map(v1, simulator);

        v1.MapPut("/supplierInvoice/{number}", async (HttpContext http, string number) =>
        {
            var caller = VismaCaller.Of(http);
            var body = await VismaWire.ReadBodyAsync(http.Request);
            var company = caller.Company;
            lock (company.Gate)
            {
                var index = company.Invoices.FindIndex(i => i.ReferenceNumber == number);
                if (index < 0) return VismaErrors.NotFound($"Supplier invoice '{number}' not found.");
                if (VismaSupplierEndpoints.IsStale(http, company.Invoices[index].Version)) return VismaSupplierEndpoints.StaleError();
                if (IsReleased(company.Invoices[index]))
                    return VismaErrors.BadRequest($"Supplier invoice '{number}' is released and cannot be edited: correct or reverse it instead.");
                company.Invoices[index] = VismaSupplierInvoiceWrite.Update(body, company.Invoices[index], company, caller.Settings, simulator.Now());
                return Results.NoContent();
            }
        });
    }

    private static IResult Get(HttpContext http, string? documentType, string number)
    {
        var (caller, query) = VismaSupplierEndpoints.Context(http);
        var company = caller.Company;
        lock (company.Gate)
        {
            var invoice = company.Invoices.FirstOrDefault(i => i.ReferenceNumber == number &&
                (documentType is null || i.DocumentType.Equals(documentType, StringComparison.OrdinalIgnoreCase)));
            if (invoice is null) return VismaErrors.NotFound($"Supplier invoice '{number}' not found.");
            VismaSupplierEndpoints.SetETag(http, invoice.Version);
            return Results.Ok(Dto(invoice, company, query, new VismaMetadata(1, caller.Settings.MaxPageSize)));
        }
    }

    internal static bool IsReleased(InvoiceRecord invoice) => invoice.Status is "Open" or "Closed";

    private static string FinancialPeriod(DateOnly date) => date.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The read shape (<c>SupplierInvoiceDto</c>): unwrapped, supplier as {number,name}.</summary>
    private static SupplierInvoiceDto Dto(InvoiceRecord i, VismaCompany company, VismaQuery query, VismaMetadata metadata) => new(
        i.ReferenceNumber, i.DocumentType, i.Status, "New", i.Hold, new NumberName(i.SupplierNumber, company.Supplier(i.SupplierNumber)?.Name),
        i.SupplierReference, i.Description, VismaQuery.Format(i.Date), VismaQuery.Format(i.DueDate),
        i.Date.ToString("MMyyyy", System.Globalization.CultureInfo.InvariantCulture), FinancialPeriod(i.Date),
        i.Amount, VatTotal: 0m, Balance: i.Amount, i.CurrencyId, PaySelected: false,
        [.. i.Lines.Select(l => new InvoiceLineDto(l.LineNumber, l.Description, l.Quantity, l.UnitCost, l.Cost,
            VismaLines.Account(company, l.AccountNumber), VismaLines.Subaccount(company, l.Subaccount), l.VatCodeId is null ? null : new IdRef(l.VatCodeId)))],
        query.Format(i.Created), query.Format(i.LastModified), VismaSupplierEndpoints.TimeStamp(i.Version), metadata);
}
