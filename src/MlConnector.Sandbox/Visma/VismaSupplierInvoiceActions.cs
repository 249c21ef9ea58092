namespace MlConnector.Sandbox.Visma;

/// <summary>
/// The supplier invoice's life after create: <c>action/release</c> (Balanced → Open; a document on hold
/// cannot be released) and <c>DELETE</c> (only before release). Released documents are read-only (contract §6.2).
/// </summary>
internal static class VismaSupplierInvoiceActions
{
    public static void Map(RouteGroupBuilder v1, VismaSimulator simulator)
    {
        v1.MapPost("/supplierInvoice/{number}/action/release", (HttpContext http, string number) =>
        {
            var caller = VismaCaller.Of(http);
            var company = caller.Company;
            lock (company.Gate)
            {
                var index = company.Invoices.FindIndex(i => i.ReferenceNumber == number);
                if (index < 0) return VismaErrors.NotFound($"Supplier invoice '{number}' not found.");
                var invoice = company.Invoices[index];
                var refusal = invoice switch
                {
                    { Hold: true } => $"Supplier invoice '{number}' is on hold: take it off hold before releasing.",
                    _ when VismaSupplierInvoiceEndpoints.IsReleased(invoice) => $"Supplier invoice '{number}' is already released.",
                    { Lines.Count: 0 } => $"Supplier invoice '{number}' has no lines.",
                    _ => null,
                };
                if (refusal is not null)
                {
                    return caller.Settings.ActionFailuresAs400
                        ? VismaErrors.BadRequest(refusal)
                        : Results.Ok(new ActionResultDto(Guid.NewGuid(), "Failed", refusal));
                }
                company.Invoices[index] = invoice with { Status = "Open", LastModified = simulator.Now(), Version = company.NextVersion() };
                return Results.Ok(new ActionResultDto(Guid.NewGuid(), "Done", null));
            }
        });

        v1.MapDelete("/supplierInvoice/{number}", (HttpContext http, string number) =>
        {
            var company = VismaCaller.Of(http).Company;
            lock (company.Gate)
            {
                var invoice = company.Invoices.FirstOrDefault(i => i.ReferenceNumber == number);
                if (invoice is null) return VismaErrors.NotFound($"Supplier invoice '{number}' not found.");
                if (VismaSupplierInvoiceEndpoints.IsReleased(invoice))
                    return VismaErrors.BadRequest($"Supplier invoice '{number}' is released and cannot be deleted.");
                company.Invoices.Remove(invoice);
                return Results.NoContent();
            }
        });
    }
}
