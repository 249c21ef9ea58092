namespace MlConnector.Sandbox.D365;

/// <summary>
/// The simulator's tables, in memory. Every access holds <see cref="Gate"/>; the lock is re-entrant, so a
/// <c>$batch</c> changeset can hold it across its operations. A changeset opens a <see cref="StoreTransaction"/>,
/// which logs what it changes (rows added, removed, or about to change) and undoes exactly that on rollback,
/// so its cost follows the changeset's size, not the store's.
/// </summary>
public sealed class D365Store
{
    private Dictionary<string, D365Table> tables = new();
    private Dictionary<string, int> sequences = new(StringComparer.OrdinalIgnoreCase);
    private StoreTransaction? open;

    public Lock Gate { get; } = new();

    public void Load(Dictionary<string, List<Entity>> seeded)
    {
        lock (Gate)
        {
            tables = D365EntitySets.All.ToDictionary(s => s.Name, s => new D365Table(s));
            sequences = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var (set, rows) in seeded)
            foreach (var row in rows)
                Add(set, row);
        }
    }

    /// <summary>Live rows of a set (callers hold <see cref="Gate"/> while using them; changes go through this store).</summary>
    public IReadOnlyList<Entity> Table(string set)
    {
        lock (Gate) return tables[set].Rows;
    }

    /// <summary>Copies of the rows that match, for reads that leave the lock.</summary>
    public List<Entity> Snapshot(string set, Func<Entity, bool> where)
    {
        lock (Gate) return tables[set].Rows.Where(where).Select(e => e.Clone()).ToList();
    }

    /// <summary>The row whose key fields equal <paramref name="key"/> (case-insensitively, as SQL Server compares them).</summary>
    public Entity? Find(EntitySetDef set, IReadOnlyDictionary<string, object?> key)
    {
        lock (Gate) return tables[set.Name].Find(set.Keys.Select(k => key.GetValueOrDefault(k)).ToList());
    }

    /// <summary>The row of <paramref name="set"/> whose key fields, in key order, equal <paramref name="key"/>.</summary>
    public Entity? Find(string set, params object?[] key)
    {
        lock (Gate) return tables[set].Find(key);
    }

    /// <summary>A document's lines: rows of a line set whose key starts with the header's (company, number).</summary>
    public IReadOnlyList<Entity> Lines(string set, string company, string number)
    {
        lock (Gate) return tables[set].Lines([company, number]);
    }

    /// <summary>The highest line number of a document's lines, 0 when it has none.</summary>
    public decimal LastLineNumber(string set, string company, string number)
    {
        lock (Gate) return tables[set].LastNumber([company, number]);
    }

    public void Add(string set, Entity row)
    {
        lock (Gate)
        {
            tables[set].Add(row);
            row.Owner = this;
            open?.Added(set, row);
        }
    }

    public void Remove(string set, Entity row)
    {
        lock (Gate)
        {
            if (!tables[set].Remove(row)) return;
            row.Owner = null;
            open?.Removed(set, row);
        }
    }

    /// <summary>Next number of a number sequence, e.g. per company for invoice header references.</summary>
    public int Next(string sequence)
    {
        lock (Gate)
        {
            var next = sequences.GetValueOrDefault(sequence) + 1;
            sequences[sequence] = next;
            return next;
        }
    }

    /// <summary>
    /// Starts logging changes for a rollback. The caller holds <see cref="Gate"/> until it disposes the transaction,
    /// so nothing else changes the store in between.
    /// </summary>
    public StoreTransaction Begin()
    {
        lock (Gate)
        {
            if (open is not null) throw new InvalidOperationException("A changeset is already open; changesets do not nest.");
            return open = new StoreTransaction(this, new Dictionary<string, int>(sequences, StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>Called by a stored row just before it changes.</summary>
    internal void Changing(Entity row) => open?.Changing(row);

    internal void Close(StoreTransaction transaction)
    {
        if (ReferenceEquals(open, transaction)) open = null;
    }

    /// <summary>Undoes a transaction's log, newest first, while no transaction is logging.</summary>
    internal void Undo(IReadOnlyList<StoreTransaction.Change> changes, Dictionary<string, int> savedSequences)
    {
        for (var i = changes.Count - 1; i >= 0; i--)
            switch (changes[i])
            {
                case StoreTransaction.Change.Add add:
                    tables[add.Set].Remove(add.Row);
                    add.Row.Owner = null;
                    break;
                case StoreTransaction.Change.Remove remove:
                    tables[remove.Set].Add(remove.Row);
                    remove.Row.Owner = this;
                    break;
                case StoreTransaction.Change.Edit edit:
                    edit.Row.Reset(edit.Before);
                    break;
            }
        sequences = savedSequences;
    }
}

/// <summary>A changeset's log of changes to the store; <see cref="Rollback"/> puts the store back as it was at <see cref="D365Store.Begin"/>.</summary>
public sealed class StoreTransaction : IDisposable
{
    internal abstract record Change
    {
        public sealed record Add(string Set, Entity Row) : Change;

        public sealed record Remove(string Set, Entity Row) : Change;

        public sealed record Edit(Entity Row, Entity Before) : Change;
    }

    private readonly D365Store store;
    private readonly Dictionary<string, int> sequences;
    private readonly List<Change> changes = [];
    private readonly HashSet<Entity> edited = new(ReferenceEqualityComparer.Instance);

    internal StoreTransaction(D365Store store, Dictionary<string, int> sequences)
    {
        this.store = store;
        this.sequences = sequences;
    }

    internal void Added(string set, Entity row) => changes.Add(new Change.Add(set, row));

    internal void Removed(string set, Entity row) => changes.Add(new Change.Remove(set, row));

    /// <summary>The first change to a row keeps a copy of it as it was; later changes need nothing more.</summary>
    internal void Changing(Entity row)
    {
        if (edited.Add(row)) changes.Add(new Change.Edit(row, row.Clone()));
    }

    public void Rollback()
    {
        store.Close(this);
        store.Undo(changes, sequences);
        changes.Clear();
    }

    public void Dispose() => store.Close(this);
}
