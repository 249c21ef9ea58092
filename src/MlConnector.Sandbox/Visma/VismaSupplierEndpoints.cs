using System.Text.Json;

namespace MlConnector.Sandbox.Visma;

/// <summary><c>/v1/supplier</c>: list, get, create (201 + Location) and update (204), contract §5 and §6.1.</summary>
internal static class VismaSupplierEndpoints
{
    private static readonly string[] Statuses = ["Active", "OnHold", "HoldPayments", "Inactive", "OneTime"];

    public static void Map(RouteGroupBuilder v1, VismaSimulator simulator)
    {
        v1.MapGet("/supplier", (HttpContext http) =>
        {
            var (caller, query) = Context(http);
            var company = caller.Company;
            lock (company.Gate)
            {
                IEnumerable<SupplierRecord> rows = company.Suppliers;
                if (query.Text("name") is { } name) rows = rows.Where(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (query.Text("status") is { } status) rows = rows.Where(s => s.Status.Equals(status, StringComparison.OrdinalIgnoreCase));
                if (query.Text("corporateId") is { } corporate) rows = rows.Where(s => s.CorporateId == corporate);
                if (query.Text("vatRegistrationId") is { } vat) rows = rows.Where(s => s.VatRegistrationId == vat);
                rows = query.Condition(rows, "lastModifiedDateTime", s => s.LastModified);
                rows = query.Condition(rows, "createdDateTime", s => s.Created);
                return Results.Ok(query.Page(rows.OrderBy(s => s.Number, StringComparer.Ordinal).ToList(), (s, m) => Dto(s, query, m)));
            }
        });

        v1.MapGet("/supplier/{number}", (HttpContext http, string number) =>
        {
            var (caller, query) = Context(http);
            lock (caller.Company.Gate)
            {
                if (caller.Company.Supplier(number) is not { } s) return VismaErrors.NotFound($"Supplier '{number}' not found.");
                SetETag(http, s.Version);
                return Results.Ok(Dto(s, query, new VismaMetadata(1, caller.Settings.MaxPageSize)));
            }
        });

        v1.MapPost("/supplier", async (HttpContext http) =>
        {
            var caller = VismaCaller.Of(http);
            var body = await VismaWire.ReadBodyAsync(http.Request);
            var company = caller.Company;
            var now = simulator.Now();
            lock (company.Gate)
            {
                var name = VismaWire.String(body, "name");
                if (string.IsNullOrWhiteSpace(name)) return VismaErrors.BadRequest("Supplier name is required ('name').");
                // Open question 7: number optional, taken from the number series when left out.
                var (auto, used) = VismaCompany.FirstFree(company.NextSupplierNumber, n => $"V{n:00000}", n => company.Supplier(n) is not null);
                var number = VismaWire.String(body, "number") ?? auto;
                if (company.Supplier(number) is not null) return VismaErrors.BadRequest($"A supplier with number '{number}' already exists.");
                var created = Apply(body, new SupplierRecord(company.Suppliers.Count + 1, number, name, "Active", "DOMESTIC", "30D",
                    company.Entity.Currency, null, null, "DOMESTIC", null, new VismaAddress(null, null, null, null, null, company.Entity.Country),
                    new VismaContact(null, null, null), now, now, company.NextVersion()));
                company.Suppliers.Add(created);
                if (number == auto) company.NextSupplierNumber = used + 1;
                return Results.Created(Location(http, number), null);
            }
        });

        v1.MapPut("/supplier/{number}", async (HttpContext http, string number) =>
        {
            var caller = VismaCaller.Of(http);
            var body = await VismaWire.ReadBodyAsync(http.Request);
            var company = caller.Company;
            lock (company.Gate)
            {
                var index = company.Suppliers.FindIndex(s => s.Number.Equals(number, StringComparison.OrdinalIgnoreCase));
                if (index < 0) return VismaErrors.NotFound($"Supplier '{number}' not found.");
                if (IsStale(http, company.Suppliers[index].Version)) return StaleError();
                // Only fields present change (contract §3); the number itself is the key and stays.
                var updated = Apply(body, company.Suppliers[index]);
                company.Suppliers[index] = updated with { LastModified = simulator.Now(), Version = company.NextVersion() };
                return Results.NoContent();
            }
        });
    }

    internal static (VismaCaller Caller, VismaQuery Query) Context(HttpContext http)
    {
        var caller = VismaCaller.Of(http);
        return (caller, new VismaQuery(http.Request, caller.Settings));
    }

    /// <summary>URL of the created record, as Visma puts it in <c>Location</c>: the collection URL plus the key.</summary>
    internal static string Location(HttpContext http, string key)
    {
        var request = http.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{Uri.EscapeDataString(key)}";
    }

    internal static string TimeStamp(long version) => Convert.ToBase64String(BitConverter.GetBytes(version));

    /// <summary>GET by id returns the version as <c>ETag</c>; it is the body's <c>timeStamp</c> too (contract §2).</summary>
    internal static void SetETag(HttpContext http, long version) => http.Response.Headers.ETag = $"\"{TimeStamp(version)}\"";

    /// <summary>An <c>If-Match</c> that names another version: someone changed the record since it was read.</summary>
    internal static bool IsStale(HttpContext http, long version)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        return ifMatch.Length > 0 && ifMatch != "*" && ifMatch.Trim().Trim('"') != TimeStamp(version);
    }

    internal static IResult StaleError() =>
        VismaErrors.Error(StatusCodes.Status412PreconditionFailed, "The record was changed by someone else: If-Match does not match its current version.");

    private static SupplierRecord Apply(JsonElement body, SupplierRecord s)
    {
        var status = VismaWire.String(body, "status");
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
            throw new VismaValidationException($"Supplier status must be one of {string.Join(", ", Statuses)} (was '{status}').");
        var address = VismaWire.Object(body, "mainAddress");
        var contact = VismaWire.Object(body, "mainContact");
        return s with
        {
            Name = VismaWire.String(body, "name") ?? s.Name,
            Status = status ?? s.Status,
            SupplierClassId = VismaWire.String(body, "supplierClassId") ?? s.SupplierClassId,
            CreditTermsId = VismaWire.String(body, "creditTermsId") ?? s.CreditTermsId,
            CurrencyId = VismaWire.String(body, "currencyId") ?? s.CurrencyId,
            VatRegistrationId = VismaWire.String(body, "vatRegistrationId") ?? s.VatRegistrationId,
            CorporateId = VismaWire.String(body, "corporateId") ?? s.CorporateId,
            VatZoneId = VismaWire.String(body, "vatZoneId") ?? s.VatZoneId,
            PaymentMethodId = VismaWire.String(body, "paymentMethodId") ?? s.PaymentMethodId,
            MainAddress = address is { } a ? new VismaAddress(
                VismaWire.String(a, "addressLine1") ?? s.MainAddress.AddressLine1, VismaWire.String(a, "addressLine2") ?? s.MainAddress.AddressLine2,
                VismaWire.String(a, "addressLine3") ?? s.MainAddress.AddressLine3, VismaWire.String(a, "postalCode") ?? s.MainAddress.PostalCode,
                VismaWire.String(a, "city") ?? s.MainAddress.City, VismaWire.String(a, "countryId") ?? s.MainAddress.CountryId) : s.MainAddress,
            MainContact = contact is { } c ? new VismaContact(VismaWire.String(c, "name") ?? s.MainContact.Name,
                VismaWire.String(c, "email") ?? s.MainContact.Email, VismaWire.String(c, "phone1") ?? s.MainContact.Phone1) : s.MainContact,
        };
    }

    /// <summary>The read shape (<c>SupplierDto</c>): unwrapped, nested ids as objects.</summary>
    private static SupplierDto Dto(SupplierRecord s, VismaQuery query, VismaMetadata metadata) => new(
        s.InternalId, s.Number, s.Name, s.Status, new IdRef(s.SupplierClassId), new IdRef(s.CreditTermsId), s.CurrencyId,
        s.VatRegistrationId, s.CorporateId, new IdRef(s.VatZoneId),
        new AddressDto(s.MainAddress.AddressLine1, s.MainAddress.AddressLine2, s.MainAddress.AddressLine3, s.MainAddress.PostalCode,
            s.MainAddress.City, new IdRef(s.MainAddress.CountryId)),
        new ContactDto(s.MainContact.Name, s.MainContact.Email, s.MainContact.Phone1),
        s.PaymentMethodId is null ? null : new IdRef(s.PaymentMethodId),
        query.Format(s.Created), query.Format(s.LastModified), TimeStamp(s.Version), metadata);
}
