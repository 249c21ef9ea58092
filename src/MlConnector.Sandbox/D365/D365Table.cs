using System.Globalization;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// One entity set's live rows (queries sort by key, so their order here does not matter), indexed by whole key and,
/// for sets keyed by three or more fields, by the key minus its last field: a document's lines (company, journal batch
/// → lines). Keys compare as
/// <see cref="D365Values.KeyEquals"/> does. The indexes keep a 40,000-line journal as quick to add to as an empty
/// one; key fields of a stored row never change (updates refuse it), so the indexes stay true.
/// </summary>
internal sealed class D365Table(EntitySetDef set)
{
    private readonly List<Entity> rows = [];
    private readonly Dictionary<string, Entity> byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Document> byDocument = new(StringComparer.Ordinal);

    public IReadOnlyList<Entity> Rows => rows;

    public Entity? Find(IReadOnlyList<object?> key) => byKey.GetValueOrDefault(Token(key));

    /// <summary>The rows whose key starts with <paramref name="leading"/> (all key fields but the last).</summary>
    public IReadOnlyList<Entity> Lines(IReadOnlyList<object?> leading) => byDocument.GetValueOrDefault(Token(leading))?.Rows ?? [];

    /// <summary>The highest last key field among <see cref="Lines"/>, 0 when there are none: the next line number's base.</summary>
    public decimal LastNumber(IReadOnlyList<object?> leading) => byDocument.GetValueOrDefault(Token(leading))?.Last ?? 0;

    public void Add(Entity row)
    {
        rows.Add(row);
        byKey[Token(KeyOf(row))] = row;
        if (LeadingOf(row) is { } leading)
        {
            if (!byDocument.TryGetValue(leading, out var document)) byDocument[leading] = document = new Document(set.Keys[^1]);
            document.Add(row);
        }
    }

    /// <summary>Removes <paramref name="row"/>; false when it was not here.</summary>
    public bool Remove(Entity row)
    {
        // From the end: a rollback removes the rows its changeset just added.
        var at = rows.LastIndexOf(row);
        if (at < 0) return false;
        rows.RemoveAt(at);
        byKey.Remove(Token(KeyOf(row)));
        if (LeadingOf(row) is { } leading && byDocument.TryGetValue(leading, out var document))
        {
            document.Remove(row);
            if (document.Rows.Count == 0) byDocument.Remove(leading);
        }
        return true;
    }

    private object?[] KeyOf(Entity row) => set.Keys.Select(k => row[k]).ToArray();

    private string? LeadingOf(Entity row) => set.Keys.Count >= 3 ? Token(set.Keys.SkipLast(1).Select(k => row[k]).ToList()) : null;

    /// <summary>One text per key such that equal tokens mean <see cref="D365Values.KeyEquals"/> holds field by field.</summary>
    private static string Token(IReadOnlyList<object?> values) => string.Join('\u001f', values.Select(Token));

    private static string Token(object? value) => value switch
    {
        null => "\0",
        // 1, 1L and 1.00m are one key, as D365Values.Compare says; G29 drops the trailing zeros a decimal keeps.
        _ when D365Values.ToDecimal(value) is { } number => number.ToString("G29", CultureInfo.InvariantCulture),
        DateTimeOffset date => date.UtcTicks.ToString(CultureInfo.InvariantCulture),
        _ => D365Values.Text(value).ToUpperInvariant(),
    };

    private sealed class Document(string numberField)
    {
        private decimal? last = 0;

        public List<Entity> Rows { get; } = [];

        public decimal Last => last ??= Rows.Count == 0 ? 0 : Rows.Max(Number);

        public void Add(Entity row)
        {
            Rows.Add(row);
            if (last is { } known) last = Math.Max(known, Number(row));
        }

        public void Remove(Entity row)
        {
            // From the end, as the table does; only removing the highest number makes the next one uncertain.
            var at = Rows.LastIndexOf(row);
            if (at < 0) return;
            Rows.RemoveAt(at);
            if (last == Number(row)) last = null;
        }

        private decimal Number(Entity row) => D365Values.ToDecimal(row[numberField]) ?? 0;
    }
}
