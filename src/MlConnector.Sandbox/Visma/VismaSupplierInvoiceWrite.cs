using System.Text.Json;

namespace MlConnector.Sandbox.Visma;

/// <summary>
/// Turns a <c>SupplierInvoiceUpdateDto</c> (wrapped scalars, plain line array) into a stored invoice, with
/// the rules of the sandbox: known active supplier, known active accounts and segment values, descriptions
/// of at most 30 characters, and (switchable, open question 4) one <c>supplierReference</c> per supplier.
/// </summary>
internal static class VismaSupplierInvoiceWrite
{
    public const int MaxDescription = 30;
    private static readonly string[] DocumentTypes = ["Invoice", "CreditAdj", "DebitAdj", "Prepayment"];

    public static InvoiceRecord Create(JsonElement body, VismaCompany company, VismaSettings settings, DateTimeOffset now)
    {
        var documentType = VismaWire.String(body, "documentType") ?? "Invoice";
        if (!DocumentTypes.Contains(documentType, StringComparer.Ordinal))
            throw new VismaValidationException($"documentType must be one of {string.Join(", ", DocumentTypes)} (was '{documentType}').");
        var supplierNumber = VismaWire.String(body, "supplierNumber") ?? throw new VismaValidationException("'supplierNumber' is required.");
        var supplier = Supplier(company, supplierNumber);
        var reference = VismaWire.String(body, "referenceNumber");
        if (reference is not null && company.Invoices.Any(i => i.ReferenceNumber == reference))
            throw new VismaValidationException($"A supplier document with reference number '{reference}' already exists.");
        var (auto, used) = VismaCompany.FirstFree(company.NextInvoiceNumber, n => $"{n:000000}", n => company.Invoices.Any(i => i.ReferenceNumber == n));
        var numbered = reference is null;
        reference ??= auto;
        var date = VismaWire.Date(body, "date") ?? DateOnly.FromDateTime(now.UtcDateTime);
        // Hold unless told otherwise: the ERP's "hold documents on entry" is the safe default (open question 8).
        var hold = VismaWire.Bool(body, "hold") ?? true;
        var lines = new List<InvoiceLineRecord>();
        foreach (var line in VismaWire.Array(body, "invoiceLines"))
        {
            if (VismaWire.Operation(line) != "Insert") throw new VismaValidationException("A new invoice only takes lines with operation 'Insert'.");
            lines.Add(Line(line, company, lines.Count + 1, existing: null));
        }
        var invoice = new InvoiceRecord(reference, documentType, hold, hold ? "Hold" : "Balanced", supplier.Number,
            VismaWire.String(body, "supplierReference"), Description(body, "description"), date, VismaWire.Date(body, "dueDate") ?? date.AddDays(30),
            VismaWire.String(body, "currencyId") ?? supplier.CurrencyId, lines, now, now, company.NextVersion());
        CheckDuplicate(company, settings, invoice);
        // Only a stored document takes a number from the series: refused ones leave no gap.
        if (numbered) company.NextInvoiceNumber = used + 1;
        return invoice;
    }

    /// <summary>PUT: header fields present change; lines by <c>operation</c> (Insert, Update or Delete by lineNumber).</summary>
    public static InvoiceRecord Update(JsonElement body, InvoiceRecord invoice, VismaCompany company, VismaSettings settings, DateTimeOffset now)
    {
        var supplier = VismaWire.String(body, "supplierNumber") is { } number ? Supplier(company, number).Number : invoice.SupplierNumber;
        var hold = VismaWire.Bool(body, "hold") ?? invoice.Hold;
        var lines = invoice.Lines.ToList();
        foreach (var line in VismaWire.Array(body, "invoiceLines"))
        {
            var operation = VismaWire.Operation(line);
            var lineNumber = VismaWire.Decimal(line, "lineNumber") is { } n && n == decimal.Truncate(n) && n is >= 1 and <= int.MaxValue ? (int?)n
                : line.TryGetProperty("lineNumber", out _) ? throw new VismaValidationException("'lineNumber' must be a whole number of 1 or more.") : null;
            var index = lineNumber is null ? -1 : lines.FindIndex(l => l.LineNumber == lineNumber);
            if (operation != "Insert" && index < 0) throw new VismaValidationException($"Line {lineNumber} does not exist on the invoice.");
            switch (operation)
            {
                case "Insert": lines.Add(Line(line, company, lines.Count == 0 ? 1 : lines.Max(l => l.LineNumber) + 1, existing: null)); break;
                case "Update": lines[index] = Line(line, company, lines[index].LineNumber, lines[index]); break;
                case "Delete": lines.RemoveAt(index); break;
                default: throw new VismaValidationException($"Line operation must be Insert, Update or Delete (was '{operation}').");
            }
        }
        var date = VismaWire.Date(body, "date") ?? invoice.Date;
        var updated = invoice with
        {
            SupplierNumber = supplier,
            Hold = hold,
            Status = hold ? "Hold" : "Balanced",
            SupplierReference = VismaWire.String(body, "supplierReference") ?? invoice.SupplierReference,
            Description = Description(body, "description") ?? invoice.Description,
            Date = date,
            DueDate = VismaWire.Date(body, "dueDate") ?? invoice.DueDate,
            CurrencyId = VismaWire.String(body, "currencyId") ?? invoice.CurrencyId,
            Lines = lines,
            LastModified = now,
            Version = company.NextVersion(),
        };
        CheckDuplicate(company, settings, updated);
        return updated;
    }

    private static SupplierRecord Supplier(VismaCompany company, string number)
    {
        var supplier = company.Supplier(number) ?? throw new VismaValidationException($"Supplier '{number}' does not exist.");
        return supplier.Status == "Inactive" ? throw new VismaValidationException($"Supplier '{number}' is inactive.") : supplier;
    }

    private static void CheckDuplicate(VismaCompany company, VismaSettings settings, InvoiceRecord invoice)
    {
        if (!settings.RejectDuplicateSupplierReference || string.IsNullOrEmpty(invoice.SupplierReference)) return;
        if (company.Invoices.Any(i => i.ReferenceNumber != invoice.ReferenceNumber && i.SupplierNumber == invoice.SupplierNumber &&
                string.Equals(i.SupplierReference, invoice.SupplierReference, StringComparison.OrdinalIgnoreCase)))
            throw new VismaValidationException(
                $"Supplier reference '{invoice.SupplierReference}' is already used for supplier {invoice.SupplierNumber}: the document may be a duplicate.");
    }

    private static InvoiceLineRecord Line(JsonElement line, VismaCompany company, int lineNumber, InvoiceLineRecord? existing)
    {
        var account = VismaWire.String(line, "accountNumber") ?? existing?.AccountNumber;
        var segments = line.TryGetProperty("subaccount", out _) ? VismaLines.Segments(line, "subaccount") : existing?.Subaccount ?? [];
        VismaLines.Check(company, account, segments, lineNumber);
        var quantity = VismaWire.Decimal(line, "quantity") ?? existing?.Quantity ?? 1;
        var unitCost = VismaWire.Decimal(line, "unitCostInCurrency") ?? existing?.UnitCost ?? 0;
        var cost = VismaWire.Decimal(line, "costInCurrency") ?? quantity * unitCost;
        return new InvoiceLineRecord(lineNumber, account!, segments, Description(line, "transactionDescription") ?? existing?.Description,
            quantity, unitCost, cost, VismaWire.String(line, "vatCodeId") ?? existing?.VatCodeId);
    }

    /// <summary>Visma's description fields hold 30 characters (contract §10); longer text is refused, not cut.</summary>
    private static string? Description(JsonElement body, string name)
    {
        var text = VismaWire.String(body, name);
        return text is { Length: > MaxDescription } && name == "transactionDescription"
            ? throw new VismaValidationException($"'{name}' is longer than {MaxDescription} characters.")
            : text;
    }
}
