namespace MlConnector.Sandbox.Shared;

/// <summary>The mounted simulators, by name: how tests and the control page reach their faults and traffic.</summary>
public sealed class SandboxRegistry(IEnumerable<ISimulator> simulators)
{
    private readonly Dictionary<string, ISimulator> byName =
        simulators.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<ISimulator> All => byName.Values;

    public ISimulator? Find(string name) => byName.GetValueOrDefault(name);

    public ISimulator this[string name] => byName[name];
}
