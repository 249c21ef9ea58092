using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// The simulated Ramp business: spend seeded from the <see cref="SandboxCompany"/> plus whatever the connector
/// uploaded. One lock guards it all; handlers take <see cref="Gate"/> around each read-modify-write.
/// </summary>
internal sealed class RampState
{
    private long counter;

    public RampState(SandboxCompany company)
    {
        Company = company;
        Entities = company.LegalEntities.Select(e => new RampEntity(e)).ToList();
        EmployeesById = company.Employees.ToDictionary(e => e.Id);
        AccountNames = company.Accounts.ToDictionary(a => a.Number, a => a.Name);
        DimensionNames = company.Dimensions.ToDictionary(d => d.Code, d => d.Name);
        Seed();
    }

    /// <summary>Back to the seeded business: spend as generated, no connection, no chart, no webhooks.</summary>
    public void Reset()
    {
        lock (Gate)
        {
            foreach (var list in new System.Collections.IList[] { Vendors, Connections, GlAccounts, AccountingVendors, Fields, FieldOptions, Webhooks })
                list.Clear();
            VendorsByNumber.Clear();
            Transactions.Clear();
            Bills.Clear();
            IdempotencyKeys.Clear();
            UploadRejections.Clear();
            counter = 0;
            Seed();
        }
    }

    private void Seed()
    {
        Vendors.AddRange(Company.Vendors.Select(v => new RampVendor(v)));
        foreach (var vendor in Vendors) VendorsByNumber[vendor.Seed.Number] = vendor;
        foreach (var t in Company.Transactions) Transactions[t.Id] = new RampTransaction(t);
        foreach (var b in Company.Bills) Bills[b.Id] = new RampBill(b);
    }

    public Lock Gate { get; } = new();

    public SandboxCompany Company { get; }
    public List<RampEntity> Entities { get; }
    public List<RampVendor> Vendors { get; } = [];
    public Dictionary<string, RampVendor> VendorsByNumber { get; } = [];
    public Dictionary<string, RampTransaction> Transactions { get; } = [];
    public Dictionary<string, RampBill> Bills { get; } = [];
    public Dictionary<string, Employee> EmployeesById { get; }
    public Dictionary<string, string> AccountNames { get; }
    public Dictionary<string, string> DimensionNames { get; }

    public List<RampConnection> Connections { get; } = [];
    public List<UploadedItem> GlAccounts { get; } = [];
    public List<UploadedItem> AccountingVendors { get; } = [];
    public List<CustomField> Fields { get; } = [];
    public List<UploadedItem> FieldOptions { get; } = [];
    public HashSet<string> IdempotencyKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Remote ids whose upload batches fail with 422 and this message (a test switch; see <see cref="RampSimulator"/>).</summary>
    public Dictionary<string, string> UploadRejections { get; } = new(StringComparer.Ordinal);
    public List<WebhookSubscription> Webhooks { get; } = [];

    public RampConnection? ActiveConnection => Connections.FirstOrDefault(c => c.IsActive);

    /// <summary>A fresh id, deterministic by call order (so two runs of the same test see the same ids).</summary>
    public string NextId(string kind) => RampIds.For($"{kind}:{++counter}");

    public string EntityIdOf(string legalEntityId) => Entities.First(e => e.Seed.Id == legalEntityId).Id;

    /// <summary>Uploaded objects of the active connection only: the chart belongs to its connection.</summary>
    public IEnumerable<UploadedItem> OfActive(List<UploadedItem> items) =>
        ActiveConnection is { } connection ? items.Where(i => i.ConnectionId == connection.Id) : [];

    public IEnumerable<CustomField> ActiveFields =>
        ActiveConnection is { } connection ? Fields.Where(f => f.ConnectionId == connection.Id) : [];
}
