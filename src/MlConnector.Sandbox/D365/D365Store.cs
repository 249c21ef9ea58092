namespace MlConnector.Sandbox.D365;

/// <summary>
/// The simulator's tables, in memory. Every access holds <see cref="Gate"/>; the lock is re-entrant, so a
/// <c>$batch</c> changeset can hold it across its operations and roll back from a snapshot.
/// </summary>
public sealed class D365Store
{
    private Dictionary<string, List<Entity>> tables = new();
    private Dictionary<string, int> sequences = new(StringComparer.OrdinalIgnoreCase);

    public Lock Gate { get; } = new();

    public void Load(Dictionary<string, List<Entity>> seeded)
    {
        lock (Gate)
        {
            tables = D365EntitySets.All.ToDictionary(s => s.Name, s => seeded.GetValueOrDefault(s.Name) ?? []);
            sequences = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Live rows of a set (callers hold <see cref="Gate"/> while using them).</summary>
    public List<Entity> Table(string set)
    {
        lock (Gate) return tables[set];
    }

    /// <summary>Copies of the rows, for reads that leave the lock.</summary>
    public List<Entity> Snapshot(string set)
    {
        lock (Gate) return tables[set].Select(e => e.Clone()).ToList();
    }

    /// <summary>The row whose key fields equal <paramref name="key"/> (case-insensitively, as SQL Server compares them).</summary>
    public Entity? Find(EntitySetDef set, IReadOnlyDictionary<string, object?> key)
    {
        lock (Gate)
            return tables[set.Name].FirstOrDefault(e => set.Keys.All(k => D365Values.KeyEquals(e[k], key.GetValueOrDefault(k))));
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

    public StoreState Save()
    {
        lock (Gate)
            return new StoreState(tables.ToDictionary(t => t.Key, t => t.Value.Select(e => e.Clone()).ToList()),
                new Dictionary<string, int>(sequences, StringComparer.OrdinalIgnoreCase));
    }

    public void Restore(StoreState state)
    {
        lock (Gate)
        {
            tables = state.Tables.ToDictionary(t => t.Key, t => t.Value.Select(e => e.Clone()).ToList());
            sequences = new Dictionary<string, int>(state.Sequences, StringComparer.OrdinalIgnoreCase);
        }
    }
}

public sealed record StoreState(Dictionary<string, List<Entity>> Tables, Dictionary<string, int> Sequences);
