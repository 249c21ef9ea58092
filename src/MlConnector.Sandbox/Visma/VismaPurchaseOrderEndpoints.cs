using System.Text.Json;

namespace MlConnector.Sandbox.Visma;

/// <summary><c>/v1/purchaseorder</c>: list with filters, get and create (contract §6.5). Field names of the
/// write DTO (<c>supplier</c>, <c>lines[].account</c>, <c>lines[].sub</c>) follow the read DTO: [inferred].</summary>
internal static class VismaPurchaseOrderEndpoints
{
    private static readonly string[] OrderTypes = ["RegularOrder", "DropShip", "Blanket", "StandardBlanket"];

    public static void Map(RouteGroupBuilder v1, VismaSimulator simulator)
    {
        v1.MapGet("/purchaseorder", (HttpContext http) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            var company = caller.Company;
            lock (company.Gate)
            {
                IEnumerable<PurchaseOrderRecord> rows = company.Orders;
                if (query.Text("orderType") is { } type) rows = rows.Where(o => o.OrderType.Equals(type, StringComparison.OrdinalIgnoreCase));
                if (query.Text("orderStatus") is { } status) rows = rows.Where(o => o.Status.Equals(status, StringComparison.OrdinalIgnoreCase));
                if (query.Text("supplier") is { } supplier) rows = rows.Where(o => o.SupplierNumber.Equals(supplier, StringComparison.OrdinalIgnoreCase));
                rows = query.Condition(rows, "orderDate", o => o.Date);
                rows = query.Condition(rows, "lastModifiedDateTime", o => o.LastModified);
                return Results.Ok(query.Page(rows.OrderBy(o => o.OrderNbr, StringComparer.Ordinal).ToList(), (o, m) => Dto(o, company, query, m)));
            }
        });

        v1.MapGet("/purchaseorder/{orderNbr}", (HttpContext http, string orderNbr) =>
        {
            var (caller, query) = VismaSupplierEndpoints.Context(http);
            lock (caller.Company.Gate)
            {
                var order = caller.Company.Orders.FirstOrDefault(o => o.OrderNbr == orderNbr);
                return order is null ? VismaErrors.NotFound($"Purchase order '{orderNbr}' not found.")
                    : Results.Ok(Dto(order, caller.Company, query, new VismaMetadata(1, caller.Settings.MaxPageSize)));
            }
        });

        v1.MapPost("/purchaseorder", async (HttpContext http) =>
        {
            var caller = VismaCaller.Of(http);
            var body = await VismaWire.ReadBodyAsync(http.Request);
            var company = caller.Company;
            lock (company.Gate)
            {
                var order = Create(body, company, simulator.Now());
                company.Orders.Add(order);
                return Results.Created(VismaSupplierEndpoints.Location(http, order.OrderNbr), null);
            }
        });
    }

    private static PurchaseOrderRecord Create(JsonElement body, VismaCompany company, DateTimeOffset now)
    {
        var type = VismaWire.String(body, "orderType") ?? "RegularOrder";
        if (!OrderTypes.Contains(type, StringComparer.Ordinal))
            throw new VismaValidationException($"orderType must be one of {string.Join(", ", OrderTypes)} (was '{type}').");
        var supplierNumber = VismaWire.String(body, "supplier") ?? throw new VismaValidationException("'supplier' is required.");
        var supplier = company.Supplier(supplierNumber) ?? throw new VismaValidationException($"Supplier '{supplierNumber}' does not exist.");
        var number = VismaWire.String(body, "orderNumber");
        if (number is not null && company.Orders.Any(o => o.OrderNbr == number))
            throw new VismaValidationException($"A purchase order with number '{number}' already exists.");
        var lines = new List<PoLineRecord>();
        foreach (var line in VismaWire.Array(body, "lines"))
        {
            if (VismaWire.Operation(line) != "Insert") throw new VismaValidationException("A new purchase order only takes lines with operation 'Insert'.");
            var lineNbr = lines.Count + 1;
            var account = VismaWire.String(line, "account");
            var sub = VismaLines.Segments(line, "sub");
            VismaLines.Check(company, account, sub, lineNbr);
            lines.Add(new PoLineRecord(lineNbr, VismaWire.String(line, "lineDescription"), VismaWire.Decimal(line, "orderQty") ?? 1,
                VismaWire.Decimal(line, "unitCost") ?? 0, account!, sub));
        }
        if (number is null)
        {
            (number, var used) = VismaCompany.FirstFree(company.NextOrderNumber, n => $"PO{n:000000}", n => company.Orders.Any(o => o.OrderNbr == n));
            company.NextOrderNumber = used + 1;
        }
        var hold = VismaWire.Bool(body, "hold") ?? false;
        return new PurchaseOrderRecord(number, type, hold ? "Hold" : "Open", hold, VismaWire.Date(body, "date") ?? DateOnly.FromDateTime(now.UtcDateTime),
            VismaWire.String(body, "description"), supplier.Number, VismaWire.String(body, "supplierRef"),
            VismaWire.String(body, "currency") ?? supplier.CurrencyId, lines, now, company.NextVersion());
    }

    /// <summary>The read shape (<c>PurchaseOrderDto</c>).</summary>
    private static PurchaseOrderDto Dto(PurchaseOrderRecord o, VismaCompany company, VismaQuery query, VismaMetadata metadata) => new(
        o.OrderNbr, o.OrderType, o.Status, o.Hold, VismaQuery.Format(o.Date), o.Description,
        new NumberName(o.SupplierNumber, company.Supplier(o.SupplierNumber)?.Name), o.SupplierRef, o.Currency,
        OrderTotal: o.Total, LineTotal: o.Total, TaxTotal: 0m,
        [.. o.Lines.Select(l => new PurchaseOrderLineDto(l.LineNbr, l.Description, l.OrderQty, l.UnitCost, ExtCost: l.Amount, Amount: l.Amount,
            VismaLines.Account(company, l.AccountNumber), VismaLines.Subaccount(company, l.Sub)))],
        query.Format(o.LastModified), VismaSupplierEndpoints.TimeStamp(o.Version), metadata);
}
