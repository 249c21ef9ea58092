using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// Executes one OData operation against the store: reads with company scoping, filtering and server-driven paging,
/// and writes through <see cref="D365WriteRules"/>. Shared by plain requests and <c>$batch</c> parts.
/// </summary>
public sealed class D365ODataService(D365Store store, Func<D365Settings> settings)
{
    private readonly D365WriteRules writes = new(store, settings);

    public ODataResponse Execute(ODataRequest request)
    {
        try
        {
            if (request.Method == "POST" && D365Navigation.Of(request.Path) is { } navigation)
                return Locked(() => CreatedUnder(request, navigation.HeaderPath, navigation.LineSet));
            var path = ResourcePath.Parse(request.Path);
            var options = QueryOptions.Parse(request.Query);
            return (request.Method, path.Key) switch
            {
                ("GET", null) => Query(request, path, options),
                ("GET", _) => Locked(() => Read(request, path, options)),
                ("POST", null) => Created(request, path.Set, writes.Insert(path.Set, Body(path.Set, request.Body), request.Caller)),
                ("PATCH" or "PUT", { } key) => Locked(() => Updated(writes.Update(path.Set, Addressed(request, path.Set, key, options), Body(path.Set, request.Body)))),
                ("DELETE", { } key) => Locked(() => Updated(writes.Delete(path.Set, Addressed(request, path.Set, key, options)))),
                _ => throw new ODataFault(405, $"The HTTP method '{request.Method}' is not allowed on 'data/{request.Path}'."),
            };
        }
        catch (ODataFault fault)
        {
            return new ODataResponse(fault.Status, ODataJson.Error(fault), ODataJson.ContentType);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            // A simulator bug or an input it does not model: answer like F&O's generic 500 so one $batch part cannot sink the rest.
            var fault = new ODataFault(500, "An error has occurred.", e.Message, e.GetType().FullName);
            return new ODataResponse(500, ODataJson.Error(fault), ODataJson.ContentType);
        }
    }

    /// <summary>Key-addressed work finds and uses the live row under one hold of the (re-entrant) store lock.</summary>
    private ODataResponse Locked(Func<ODataResponse> work)
    {
        lock (store.Gate) return work();
    }

    private ODataResponse Query(ODataRequest request, ResourcePath path, QueryOptions options)
    {
        var set = path.Set;
        CheckSelect(set, options.Select);
        var filter = options.Filter is null ? null : FilterEvaluator.Parse(set, options.Filter);
        // Only the caller's default company unless cross-company=true (contract §2). Matching runs on the live rows, so
        // only the matches are copied.
        var ownCompanyOnly = set.CompanyScoped && !options.CrossCompany;
        var rows = store.Snapshot(set.Name, r =>
            (!ownCompanyOnly || D365Values.KeyEquals(r[D365Names.DataAreaId], request.Caller.DefaultCompany))
            && Visible(set, r) && (filter is null || filter.Matches(r)));
        var matched = Order(set, rows, request.Query).ToList();
        if (path.CountOnly)
            return new ODataResponse(200, matched.Count.ToString(CultureInfo.InvariantCulture), "text/plain; charset=utf-8");

        var wanted = matched.Skip(options.Skip).Take(options.Top ?? int.MaxValue).ToList();
        var pageSize = Math.Max(1, settings().PageSize);
        string? nextLink = null;
        if (wanted.Count > pageSize)
        {
            // The link carries every option the next page needs; clients send it back untouched (contract §2).
            nextLink = NextLink(request, set, options.Skip + pageSize, options.Top - pageSize);
            wanted = wanted.Take(pageSize).ToList();
        }
        var body = ODataJson.Collection(set, wanted, options.Select, request.ServiceRoot, options.Count ? matched.Count : null, nextLink, request.Ieee754Compatible);
        return new ODataResponse(200, body, ODataJson.ContentType);
    }

    private ODataResponse Read(ODataRequest request, ResourcePath path, QueryOptions options)
    {
        CheckSelect(path.Set, options.Select);
        var row = Addressed(request, path.Set, path.Key!, options);
        if (!Visible(path.Set, row)) throw ODataFault.NotFound($"Resource not found for the segment '{path.Set.Name}'.");
        return new ODataResponse(200, ODataJson.Single(path.Set, row, options.Select, request.ServiceRoot, request.Ieee754Compatible),
            ODataJson.ContentType, new Dictionary<string, string> { ["ETag"] = ODataJson.Etag(row) });
    }

    /// <summary>The live row a key addresses; other companies' rows need cross-company=true (see settings).</summary>
    private Entity Addressed(ODataRequest request, EntitySetDef set, IReadOnlyDictionary<string, object?> key, QueryOptions options)
    {
        var otherCompany = set.CompanyScoped && !D365Values.KeyEquals(key[D365Names.DataAreaId], request.Caller.DefaultCompany);
        var row = otherCompany && !options.CrossCompany && settings().RequireCrossCompanyForKeyAccess ? null : store.Find(set, key);
        return row ?? throw ODataFault.NotFound($"Resource not found for the segment '{set.Name}'.");
    }

    /// <summary>Posted invoices are kept (for the duplicate check and the posted-header rejection) but not listed.</summary>
    private bool Visible(EntitySetDef set, Entity row) =>
        !(row.Posted && settings().HidePostedInvoices && set.Name is D365EntitySets.InvoiceHeaders or D365EntitySets.InvoiceLines);

    private ODataResponse Created(ODataRequest request, EntitySetDef set, Entity row)
    {
        var location = request.ServiceRoot + KeySegment(set, row);
        return new ODataResponse(201, ODataJson.Single(set, row, null, request.ServiceRoot, request.Ieee754Compatible), ODataJson.ContentType,
            new Dictionary<string, string> { ["Location"] = location, ["OData-EntityId"] = location, ["ETag"] = ODataJson.Etag(row) });
    }

    /// <summary>A line POSTed to its header's navigation property: the header's key fields come from the URL, not the body.</summary>
    private ODataResponse CreatedUnder(ODataRequest request, string headerPath, EntitySetDef lineSet)
    {
        var header = ResourcePath.Parse(headerPath);
        var row = Addressed(request, header.Set, header.Key!, QueryOptions.Parse(request.Query));
        if (!Visible(header.Set, row)) throw ODataFault.NotFound($"Resource not found for the segment '{header.Set.Name}'.");
        var values = Body(lineSet, request.Body);
        foreach (var key in header.Set.Keys) values[key] = row[key];
        return Created(request, lineSet, writes.Insert(lineSet, values, request.Caller));
    }

    private static ODataResponse Updated(Entity _) => new(204);

    public static string KeySegment(EntitySetDef set, Entity row) =>
        $"{set.Name}({string.Join(",", set.Keys.Select(k => $"{k}={Literal(row[k])}"))})";

    private static string Literal(object? value) =>
        value is string s ? $"'{s.Replace("'", "''", StringComparison.Ordinal)}'" : D365Values.Text(value);

    private static Dictionary<string, object?> Body(EntitySetDef set, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        }
        catch (JsonException)
        {
            throw ODataFault.BadRequest("The request body is not valid JSON.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw ODataFault.BadRequest("The request body must be a JSON object.");
            var values = new Dictionary<string, object?>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('@')) continue;
                var definition = set.Find(property.Name) ?? throw ODataFault.BadRequest(
                    $"The property '{property.Name}' does not exist on type 'Microsoft.Dynamics.DataEntities.{set.Name}'. Make sure to only use property names that are defined by the type.");
                values[property.Name] = D365Values.FromJson(set, definition, property.Value);
            }
            return values;
        }
    }

    private static void CheckSelect(EntitySetDef set, IReadOnlyList<string>? select)
    {
        foreach (var name in select ?? [])
            if (set.Find(name) is null)
                throw ODataFault.BadRequest($"Could not find a property named '{name}' on type 'Microsoft.Dynamics.DataEntities.{set.Name}'.");
    }

    /// <summary>$orderby when given (property [asc|desc], comma-separated), else key order, so pages are stable.</summary>
    private static IEnumerable<Entity> Order(EntitySetDef set, IEnumerable<Entity> rows, string query)
    {
        var orderBy = QueryHelpers.ParseQuery(query).TryGetValue("$orderby", out var text) ? text.ToString() : null;
        var clauses = (orderBy?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
            .Select(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => (Name: p[0], Descending: p.Length > 1 && p[1] == "desc"))
            .Concat(set.Keys.Select(k => (Name: k, Descending: false))).ToList();
        foreach (var (name, _) in clauses)
            if (set.Find(name) is null) throw ODataFault.BadRequest($"Could not find a property named '{name}' on type 'Microsoft.Dynamics.DataEntities.{set.Name}'.");
        var list = rows.ToList();
        list.Sort((a, b) =>
        {
            foreach (var (name, descending) in clauses)
            {
                var order = D365Values.Compare(a[name], b[name]);
                if (order != 0) return descending ? -order : order;
            }
            return 0;
        });
        return list;
    }

    private static string NextLink(ODataRequest request, EntitySetDef set, int skip, int? top)
    {
        var query = QueryHelpers.ParseQuery(request.Query)
            .Where(q => q.Key is not ("$skip" or "$top"))
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
            .Append(new("$skip", skip.ToString(CultureInfo.InvariantCulture)));
        if (top is { } remaining) query = query.Append(new("$top", remaining.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(request.ServiceRoot + set.Name, query);
    }
}
