namespace MlConnector.Sandbox.Seed;

/// <summary>Builds <see cref="SandboxCompany"/> from a seed: same seed and size, same company, on every machine.</summary>
public static class SandboxCompanyGenerator
{
    /// <summary>"Today" in the sandbox: spend is dated in the months before it, so runs are reproducible.</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 16);

    private static readonly string[] FirstNames = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Elias", "Sofia", "Lucas", "Maja", "Oscar", "Ingrid", "Henrik", "Amelia", "James", "Nora", "Jakob", "Freya", "William", "Isla", "Theo", "Astrid", "Samuel", "Clara", "Daniel", "Hanna", "Leo", "Chloe", "Magnus", "Grace", "Oliver"];
    private static readonly string[] LastNames = ["Hansen", "Smith", "Johansen", "Brown", "Larsen", "Taylor", "Olsen", "Wilson", "Berg", "Davies", "Nilsen", "Evans", "Pedersen", "Thomas", "Andersen", "Roberts", "Haugen", "Walker", "Lund", "Wright", "Dahl", "Green", "Moen", "Hall", "Solberg", "Clarke", "Strand", "Lewis", "Eriksen", "Young"];
    private static readonly string[] NameStems = ["Summit", "Blue Harbor", "Granite", "Cedar", "Atlas", "Pioneer", "Meridian", "Brightline", "Northgate", "Silverleaf", "Ironwood", "Lakeside", "Redwood", "Harborlight", "Polaris", "Keystone", "Clearwater", "Riverbend", "Stonebridge", "Westfield", "Aurora", "Fjordside", "Highland", "Oakmont", "Beacon", "Crescent", "Evergreen", "Fairway", "Horizon", "Juniper"];
    private static readonly Dictionary<string, string[]> NameSuffixes = new()
    {
        ["Software"] = ["Software", "Apps", "Systems", "Labs"], ["Cloud"] = ["Cloud", "Hosting", "Data"],
        ["Office"] = ["Office Supply", "Stationers", "Workplace"], ["Facilities"] = ["Properties", "Facilities", "Building Services"],
        ["Telecom"] = ["Telecom", "Networks", "Mobile"], ["Legal"] = ["Legal LLP", "Law Partners", "Advokatfirma"],
        ["Accounting"] = ["Accountants", "Audit & Tax", "Bookkeeping"], ["Consulting"] = ["Consulting", "Advisors", "Partners", "Associates"],
        ["Marketing"] = ["Media", "Creative", "Marketing", "Events"], ["Training"] = ["Academy", "Learning", "Institute"],
        ["Insurance"] = ["Insurance", "Assurance", "Underwriters"], ["Hardware"] = ["Electronics", "Computers", "Devices"],
        ["Staffing"] = ["Staffing", "Talent", "Recruitment"], ["Logistics"] = ["Couriers", "Logistics", "Freight"],
    };

    public static SandboxCompany Generate(int seed = 20261116, int documents = 600)
    {
        var random = new Random(seed);
        LegalEntity[] entities =
        [
            new("hpus", "Harbor & Pine Advisory Inc.", "USD", "US"),
            new("hpuk", "Harbor & Pine Advisory Ltd", "GBP", "GB"),
            new("hpno", "Harbor & Pine Advisory AS", "NOK", "NO"),
        ];
        var accounts = ChartOfAccounts.Build();
        var dimensions = Dimensions();
        var departments = dimensions.Where(d => d.Dimension == SandboxCompany.Department && d.Active).ToArray();
        var costCenters = dimensions.Where(d => d.Dimension == SandboxCompany.CostCenter && d.Active).ToArray();
        var vendors = Vendors(random, entities, 400);
        var employees = Enumerable.Range(1, 300).Select(i =>
        {
            var (first, last) = (Pick(random, FirstNames), Pick(random, LastNames));
            return new Employee($"E{i:0000}", first, last, $"{first}.{last}{i}@harborpine.example".ToLowerInvariant(),
                Pick(random, departments).Code, entities[i % 10 < 6 ? 0 : i % 10 < 8 ? 1 : 2].Id);
        }).ToArray();
        string AccountNo(string name) => accounts.First(a => a.Name == name).Number;
        CodedLine Line(string accountName, decimal amount, string memo) =>
            new(AccountNo(accountName), Pick(random, departments).Code, Pick(random, costCenters).Code, amount, memo);

        var bills = new List<Bill>();
        var transactions = new List<CardTransaction>();
        var orders = new List<PurchaseOrder>();
        var activeVendors = vendors.Where(v => v.Active && !v.OnHold).ToArray();
        for (var n = 1; n <= documents; n++)
        {
            var roll = random.NextDouble();
            if (roll < 0.40)
            {
                var vendor = Pick(random, activeVendors);
                var issued = AsOf.AddDays(-random.Next(1, 120));
                var lines = Enumerable.Range(1, random.Next(1, 5)).Select(i =>
                        Line(Pick(random, ChartOfAccounts.AccountsByCategory[vendor.Category]), Money(random, 40, 6000), $"{vendor.Category} services, line {i}"))
                    .ToArray();
                var status = random.NextDouble() switch { < 0.08 => BillStatus.Draft, < 0.70 => BillStatus.Approved, _ => BillStatus.Paid };
                bills.Add(new Bill(Id(random), $"INV-{issued:yyMM}-{n:00000}", vendor.Number, vendor.LegalEntityId, issued, issued.AddDays(30),
                    vendor.Currency, lines, status, status == BillStatus.Paid ? issued.AddDays(random.Next(5, 30)) : null,
                    $"{vendor.Name} invoice"));
            }
            else if (roll < 0.95)
            {
                var employee = Pick(random, employees);
                var spend = Pick(random, ChartOfAccounts.CardSpend);
                var when = new DateTimeOffset(AsOf.AddDays(-random.Next(0, 90)).ToDateTime(new TimeOnly(random.Next(7, 22), random.Next(60))), TimeSpan.Zero);
                var total = Money(random, spend.Min, spend.Max);
                // About one in eight card charges is split across two codings (e.g. a hotel bill with meals).
                CodedLine[] lines = random.NextDouble() < 0.125
                    ? [Line(spend.Account, Math.Round(total * 0.7m, 2), "Split 1 of 2"), Line(Pick(random, ChartOfAccounts.CardSpend).Account, total - Math.Round(total * 0.7m, 2), "Split 2 of 2")]
                    : [Line(spend.Account, total, "")];
                var state = random.NextDouble() switch { < 0.12 => CardState.Pending, < 0.985 => CardState.Cleared, _ => CardState.Declined };
                var entity = entities.First(e => e.Id == employee.LegalEntityId);
                transactions.Add(new CardTransaction(Id(random), employee.Id, Pick(random, spend.Merchants), spend.Mcc, entity.Id, when,
                    DateOnly.FromDateTime(when.UtcDateTime).AddDays(state == CardState.Cleared ? random.Next(1, 3) : 0), entity.Currency,
                    lines, state, $"{spend.Account} - {employee.FirstName} {employee.LastName}"));
            }
            else
            {
                // Round-robin over legal entities, every fourth one closed: each company always has open and closed POs.
                var entity = entities[orders.Count % entities.Length];
                var vendor = Pick(random, activeVendors.Where(v => v.LegalEntityId == entity.Id).ToArray());
                var ordered = AsOf.AddDays(-random.Next(1, 150));
                var lines = Enumerable.Range(1, random.Next(1, 4)).Select(i =>
                {
                    var account = Pick(random, ChartOfAccounts.AccountsByCategory[vendor.Category]); // the line says what it is coded to
                    return new PurchaseOrderLine(i, $"{account} ({vendor.Name})", random.Next(1, 12), Money(random, 20, 2500), AccountNo(account), Pick(random, departments).Code);
                }).ToArray();
                orders.Add(new PurchaseOrder(Id(random), $"PO{n:000000}", vendor.Number, vendor.LegalEntityId, ordered, vendor.Currency, lines, Open: orders.Count % 4 != 3));
            }
        }
        return new SandboxCompany("Harbor & Pine Advisory", entities, accounts, dimensions, vendors, employees, bills, transactions, orders);
    }

    private static DimensionValue[] Dimensions()
    {
        string[] departments = ["Advisory", "Technology", "Finance", "People", "Marketing", "Sales", "Operations", "Legal", "Executive", "Delivery", "Research", "Facilities"];
        string[] costCenters = ["Boston office", "New York office", "Chicago office", "London office", "Manchester office", "Oslo office", "Bergen office",
            "Strategy practice", "Transformation practice", "Data practice", "Cloud practice", "Risk practice", "Finance practice", "People practice",
            "Shared services", "Internal IT", "Business development", "Partner group", "Graduate programme", "Closed: Dublin office"];
        return
        [
            .. departments.Select((name, i) => new DimensionValue(SandboxCompany.Department, $"D{(i + 1) * 10:000}", name, Active: true)),
            .. costCenters.Select((name, i) => new DimensionValue(SandboxCompany.CostCenter, $"CC{100 + i}", name, Active: !name.StartsWith("Closed", StringComparison.Ordinal))),
        ];
    }

    private static Vendor[] Vendors(Random random, LegalEntity[] entities, int count)
    {
        var categories = NameSuffixes.Keys.ToArray();
        var names = new HashSet<string>();
        var vendors = new List<Vendor>();
        string[] cities = ["Boston", "New York", "Chicago", "London", "Manchester", "Oslo", "Bergen"];
        while (vendors.Count < count)
        {
            var category = Pick(random, categories);
            var name = $"{Pick(random, NameStems)} {Pick(random, NameSuffixes[category])}";
            if (names.Contains(name)) name = $"{name} {Pick(random, cities)}";
            if (!names.Add(name)) continue;
            var entity = entities[random.NextDouble() switch { < 0.6 => 0, < 0.8 => 1, _ => 2 }];
            var city = entity.Country switch { "US" => Pick(random, cities[..3]), "GB" => Pick(random, cities[3..5]), _ => Pick(random, cities[5..]) };
            var n = vendors.Count + 1;
            vendors.Add(new Vendor($"V{n:00000}", name, entity.Id, entity.Country, entity.Currency,
                $"ap@{new string(name.ToLowerInvariant().Where(char.IsLetter).ToArray())}.example",
                $"{random.Next(1, 400)} {Pick(random, NameStems)} Street", city, entity.Country switch { "US" => $"{random.Next(10000, 99999)}", "GB" => $"M{random.Next(1, 99)} {random.Next(1, 9)}AB", _ => $"{random.Next(1000, 9999)}" },
                entity.Country == "US" ? city switch { "Boston" => "MA", "New York" => "NY", _ => "IL" } : null,
                category, OnHold: random.NextDouble() < 0.02, Active: random.NextDouble() >= 0.03));
        }
        return [.. vendors];
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static decimal Money(Random random, decimal min, decimal max) =>
        Math.Round(min + (decimal)random.NextDouble() * (max - min), 2);

    private static string Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
