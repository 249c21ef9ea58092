using System.Globalization;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// What F&amp;O checks when the connector writes (contract §4–§6): required fields, related records, number
/// sequences, unposted headers, duplicate invoice numbers and dimension display strings. Every rejection is a
/// 500 <c>AxODataWriteException</c> with infolog text. Each write holds the store lock throughout.
/// </summary>
public sealed class D365WriteRules(D365Store store, Func<D365Settings> settings)
{
    internal const string HeaderType = "VendorInvoiceHeaderEntity";
    internal const string LineType = "VendorInvoiceLineEntity";
    internal const string JournalType = "LedgerJournalHeaderEntity";
    internal const string JournalLineType = "LedgerJournalLineEntity";

    public Entity Insert(EntitySetDef set, Dictionary<string, object?> values, D365Client caller)
    {
        if (!set.Writable) throw ReadOnly(set);
        lock (store.Gate)
        {
            var row = new Entity(set.Properties.ToDictionary(p => p.Name, p => values.GetValueOrDefault(p.Name)));
            row[D365Names.DataAreaId] = Company(row.Text(D365Names.DataAreaId) is { Length: > 0 } given ? given : caller.DefaultCompany, TypeOf(set));
            switch (set.Name)
            {
                case D365EntitySets.InvoiceHeaders: InvoiceRules.NewHeader(this, row); break;
                case D365EntitySets.InvoiceLines: InvoiceRules.NewLine(this, row); break;
                case D365EntitySets.JournalHeaders: JournalRules.NewHeader(this, row); break;
                default: JournalRules.NewLine(this, row); break;
            }
            if (store.Find(set.Name, set.Keys.Select(k => row[k]).ToArray()) is not null)
                throw ODataFault.WriteFailed(TypeOf(set), $"Cannot create a record in {set.Name}. The record already exists.");
            store.Add(set.Name, row);
            if (set.Name == D365EntitySets.JournalLines) JournalRules.AddToTotals(this, row);
            return row.Clone();
        }
    }

    public Entity Update(EntitySetDef set, Entity row, Dictionary<string, object?> values)
    {
        if (!set.Writable) throw ReadOnly(set);
        lock (store.Gate)
        {
            foreach (var key in set.Keys)
                if (values.TryGetValue(key, out var value) && !D365Values.KeyEquals(value, row[key]))
                    throw ODataFault.BadRequest($"The key property '{key}' of '{set.Name}' cannot be changed.");
            EnsureEditable(set, row);
            var updated = row.Clone();
            foreach (var (name, value) in values) updated[name] = value;
            switch (set.Name)
            {
                case D365EntitySets.InvoiceHeaders: InvoiceRules.CheckHeader(this, updated, isNew: false); break;
                case D365EntitySets.InvoiceLines: InvoiceRules.CheckLine(this, updated); break;
                case D365EntitySets.JournalLines: JournalRules.CheckLine(this, updated); break;
            }
            foreach (var (name, value) in updated.Values) row[name] = value;
            row.Version++;
            if (set.Name == D365EntitySets.JournalLines) JournalRules.Totals(this, row.Text(D365Names.DataAreaId), row.Text("JournalBatchNumber"));
            return row;
        }
    }

    public Entity Delete(EntitySetDef set, Entity row)
    {
        if (!set.Writable) throw ReadOnly(set);
        lock (store.Gate)
        {
            EnsureEditable(set, row);
            store.Remove(set.Name, row);
            var (company, header) = (row.Text(D365Names.DataAreaId), set.Name == D365EntitySets.InvoiceHeaders ? row.Text("HeaderReference") : row.Text("JournalBatchNumber"));
            // Deleting a header takes its lines with it, so "delete the orphan header and replay" works (contract §4).
            var lineSet = set.Name switch
            {
                D365EntitySets.InvoiceHeaders => D365EntitySets.InvoiceLines,
                D365EntitySets.JournalHeaders => D365EntitySets.JournalLines,
                _ => null,
            };
            if (lineSet is not null)
                foreach (var line in store.Lines(lineSet, company, header).ToList()) store.Remove(lineSet, line);
            if (set.Name == D365EntitySets.JournalLines) JournalRules.Totals(this, company, header);
            return row;
        }
    }

    internal D365Settings Settings => settings();

    internal D365Store Store => store;

    /// <summary>The header a line points at, or a write failure: lines need an existing, unposted header.</summary>
    internal Entity OpenHeader(string headerSet, string keyField, Entity line, string entityType, string label)
    {
        var reference = line.Text(keyField);
        if (reference.Length == 0) throw Required(entityType, label);
        var company = line.Text(D365Names.DataAreaId);
        var header = store.Find(headerSet, company, reference)
            ?? throw ODataFault.WriteFailed(entityType, $"{label} '{reference}' does not exist in company '{company}'.");
        if (header.Posted)
            throw ODataFault.WriteFailed(entityType, $"{label} '{reference}' has been posted. Posted documents cannot be changed.");
        return header;
    }

    internal Entity? Vendor(string company, string account) =>
        store.Find(D365EntitySets.Vendors, company, account);

    internal string NextNumber(string sequence, string format) =>
        store.Next(sequence).ToString(format, CultureInfo.InvariantCulture);

    internal static bool SameDocument(Entity row, string company, string field, string value) =>
        D365Values.KeyEquals(row[D365Names.DataAreaId], company) && D365Values.KeyEquals(row[field], value);

    internal static ODataFault Required(string entityType, string label) =>
        ODataFault.WriteFailed(entityType, $"Field '{label}' must be filled in.");

    private void EnsureEditable(EntitySetDef set, Entity row)
    {
        var type = TypeOf(set);
        switch (set.Name)
        {
            case D365EntitySets.InvoiceHeaders or D365EntitySets.JournalHeaders when row.Posted:
                throw ODataFault.WriteFailed(type, $"{set.Name} '{row.Text(set.Keys[1])}' has been posted. Posted documents cannot be changed.");
            case D365EntitySets.InvoiceLines:
                OpenHeader(D365EntitySets.InvoiceHeaders, "HeaderReference", row, type, "Header reference");
                break;
            case D365EntitySets.JournalLines:
                OpenHeader(D365EntitySets.JournalHeaders, "JournalBatchNumber", row, type, "Journal batch number");
                break;
        }
    }

    private string Company(string id, string entityType)
    {
        var entity = store.Table(D365EntitySets.LegalEntities).FirstOrDefault(e => D365Values.KeyEquals(e["LegalEntityId"], id))
            ?? throw ODataFault.WriteFailed(entityType, $"Company '{id}' does not exist.");
        return entity.Text("LegalEntityId");
    }

    private static string TypeOf(EntitySetDef set) => set.Name switch
    {
        D365EntitySets.InvoiceHeaders => HeaderType,
        D365EntitySets.InvoiceLines => LineType,
        D365EntitySets.JournalHeaders => JournalType,
        _ => JournalLineType,
    };

    private static ODataFault ReadOnly(EntitySetDef set) =>
        new(405, $"The sandbox does not write to '{set.Name}': only vendor invoices and ledger journals are writable.");
}
