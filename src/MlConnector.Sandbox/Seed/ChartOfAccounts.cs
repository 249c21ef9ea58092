namespace MlConnector.Sandbox.Seed;

/// <summary>A services firm's chart: ~150 main accounts, the expense ones grouped by what vendors bill for.</summary>
internal static class ChartOfAccounts
{
    // First number of the group, its type, its name, and its accounts (numbered start, start + 1, …)
    private static readonly (int Start, AccountType Type, string Group, string[] Names)[] Groups =
    [
        (1010, AccountType.Asset, "Cash", ["Operating account", "Payroll account", "Savings account", "Petty cash", "Clearing account"]),
        (1200, AccountType.Asset, "Receivables", ["Accounts receivable", "Allowance for doubtful accounts", "Unbilled receivables", "Employee advances", "Intercompany receivable"]),
        (1400, AccountType.Asset, "Prepaid", ["Prepaid expenses", "Prepaid insurance", "Prepaid software", "Prepaid rent", "Deposits"]),
        (1600, AccountType.Asset, "Fixed assets", ["Computer equipment", "Furniture and fixtures", "Leasehold improvements", "Office equipment", "Accumulated depreciation - equipment", "Accumulated depreciation - furniture", "Accumulated depreciation - leasehold"]),
        (2000, AccountType.Liability, "Payables", ["Accounts payable", "Accrued liabilities", "Accrued bonuses", "Corporate card payable", "Expense reimbursements payable", "Intercompany payable"]),
        (2200, AccountType.Liability, "Payroll and taxes", ["Payroll liabilities", "Pension liabilities", "Sales tax payable", "VAT payable", "Income tax payable", "Withholding tax payable"]),
        (2400, AccountType.Liability, "Deferred", ["Deferred revenue", "Customer deposits", "Lease liabilities", "Line of credit"]),
        (3000, AccountType.Equity, "Equity", ["Share capital", "Additional paid-in capital", "Retained earnings", "Current year earnings", "Currency translation reserve"]),
        (4000, AccountType.Revenue, "Revenue", ["Advisory fees", "Implementation services", "Managed services", "Training revenue", "Retainer revenue", "Reimbursable expenses billed", "Software resale", "Discounts given", "Interest income", "Foreign exchange gains"]),
        (5000, AccountType.Expense, "Cost of services", ["Subcontractors", "Freelance consultants", "Project materials", "Project travel", "Third-party licences for clients", "Client entertainment on projects"]),
        (6000, AccountType.Expense, "Personnel", ["Salaries", "Bonuses", "Payroll taxes", "Pensions", "Health insurance", "Employee benefits", "Recruiting fees", "Background checks", "Team events", "Employee gifts", "Relocation", "Temporary staff"]),
        (6100, AccountType.Expense, "Travel", ["Airfare", "Lodging", "Ground transportation", "Rail", "Car rental", "Fuel and mileage", "Travel meals", "Parking and tolls", "Visa and travel fees", "Travel insurance"]),
        (6200, AccountType.Expense, "Meals and entertainment", ["Client meals", "Staff meals", "Client entertainment", "Conference meals"]),
        (6300, AccountType.Expense, "Software and cloud", ["SaaS subscriptions", "Cloud hosting", "Software licences", "Domain and certificates", "Developer tools", "Data subscriptions", "Security software", "Collaboration tools"]),
        (6400, AccountType.Expense, "Office", ["Office supplies", "Rent", "Utilities", "Internet and telephone", "Mobile phones", "Cleaning", "Coffee and kitchen", "Furniture under threshold", "Printing", "Postage and courier", "Building security", "Office repairs"]),
        (6500, AccountType.Expense, "Professional fees", ["Legal fees", "Audit fees", "Tax advisory", "Accounting services", "Management consulting", "Payroll services", "IT services", "Translation services"]),
        (6600, AccountType.Expense, "Marketing", ["Online advertising", "Print advertising", "Events and trade shows", "Sponsorships", "Marketing agencies", "Content production", "Website", "Public relations", "Promotional materials"]),
        (6700, AccountType.Expense, "Learning", ["Training courses", "Conferences", "Certifications", "Books and publications", "Professional memberships"]),
        (6800, AccountType.Expense, "Insurance", ["General liability insurance", "Professional indemnity insurance", "Cyber insurance", "Property insurance"]),
        (6900, AccountType.Expense, "Finance costs", ["Bank fees", "Card fees", "Interest expense", "Foreign exchange losses", "Late payment fees"]),
        (7000, AccountType.Expense, "Depreciation", ["Depreciation - equipment", "Depreciation - furniture", "Amortisation - leasehold"]),
        (7100, AccountType.Expense, "Hardware", ["Computer hardware under threshold", "Peripherals", "Hardware repairs", "Mobile devices"]),
        (7200, AccountType.Expense, "Other operating", ["Dues and subscriptions", "Charitable donations", "Licences and permits", "Miscellaneous expense", "Bad debt expense", "Penalties"]),
    ];

    public static IReadOnlyList<LedgerAccount> Build()
    {
        var accounts = new List<LedgerAccount>();
        foreach (var (start, type, _, names) in Groups)
        {
            for (var i = 0; i < names.Length; i++)
                accounts.Add(new LedgerAccount((start + i).ToString(), names[i], type, Active: true));
        }
        // A ledger that has lived a few years: a couple of accounts closed for posting.
        accounts[accounts.FindIndex(a => a.Name == "Petty cash")] = accounts.First(a => a.Name == "Petty cash") with { Active = false };
        accounts[accounts.FindIndex(a => a.Name == "Print advertising")] = accounts.First(a => a.Name == "Print advertising") with { Active = false };
        return accounts;
    }

    /// <summary>Which expense accounts each vendor category bills to.</summary>
    public static readonly Dictionary<string, string[]> AccountsByCategory = new()
    {
        ["Software"] = ["SaaS subscriptions", "Software licences", "Developer tools", "Collaboration tools", "Security software"],
        ["Cloud"] = ["Cloud hosting", "Data subscriptions", "Domain and certificates"],
        ["Office"] = ["Office supplies", "Coffee and kitchen", "Printing", "Furniture under threshold", "Cleaning"],
        ["Facilities"] = ["Rent", "Utilities", "Building security", "Office repairs"],
        ["Telecom"] = ["Internet and telephone", "Mobile phones"],
        ["Legal"] = ["Legal fees"],
        ["Accounting"] = ["Audit fees", "Tax advisory", "Accounting services", "Payroll services"],
        ["Consulting"] = ["Subcontractors", "Freelance consultants", "Management consulting", "IT services"],
        ["Marketing"] = ["Online advertising", "Events and trade shows", "Marketing agencies", "Content production", "Promotional materials"],
        ["Training"] = ["Training courses", "Conferences", "Certifications"],
        ["Insurance"] = ["General liability insurance", "Professional indemnity insurance", "Cyber insurance"],
        ["Hardware"] = ["Computer hardware under threshold", "Peripherals", "Mobile devices"],
        ["Staffing"] = ["Temporary staff", "Recruiting fees", "Background checks"],
        ["Logistics"] = ["Postage and courier"],
    };

    /// <summary>What card spend is coded to, with typical merchants and merchant category codes.</summary>
    public static readonly (string Account, int Mcc, string[] Merchants, decimal Min, decimal Max)[] CardSpend =
    [
        ("Airfare", 4511, ["SkyHarbor Airlines", "Nordwing Air", "Atlantic Connect Airways"], 180, 1400),
        ("Lodging", 7011, ["Harborview Hotel", "Grand Fjord Hotel", "Cityline Suites", "Parkside Inn"], 120, 900),
        ("Ground transportation", 4121, ["CityRide", "MetroCab", "QuickLift"], 8, 90),
        ("Rail", 4112, ["Coastal Rail", "Nordic Express Rail"], 25, 240),
        ("Travel meals", 5812, ["Corner Bistro", "Dockside Grill", "Airport Eatery"], 12, 120),
        ("Client meals", 5812, ["The Copper Table", "Bayside Brasserie", "Olive & Thyme"], 60, 650),
        ("Staff meals", 5814, ["Daily Deli", "Noodle Bar 88", "Green Bowl"], 10, 180),
        ("SaaS subscriptions", 5734, ["Cloudnote", "Taskboard", "SignFlow", "MeetSpace"], 9, 600),
        ("Office supplies", 5943, ["Paper & Pen Co", "OfficeHub", "DeskMart"], 15, 350),
        ("Conferences", 7399, ["FinanceForward Summit", "Advisory Leaders Forum"], 250, 1800),
        ("Books and publications", 5942, ["Pageturn Books", "Business Review Online"], 15, 120),
        ("Parking and tolls", 7523, ["EasyPark", "Central Garage"], 5, 60),
    ];
}
