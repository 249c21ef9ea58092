using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox;

public sealed class SandboxCompanyTests
{
    private static readonly SandboxCompany Company = SandboxCompanyGenerator.Generate();

    [Fact]
    public void Generate_SameSeed_SameCompany_OtherSeed_OtherSpend()
    {
        var again = SandboxCompanyGenerator.Generate();
        var other = SandboxCompanyGenerator.Generate(seed: 7);

        again.Bills.Select(b => (b.Id, b.InvoiceNumber, b.Amount)).ShouldBe(Company.Bills.Select(b => (b.Id, b.InvoiceNumber, b.Amount)));
        again.Vendors.Select(v => v.Name).ShouldBe(Company.Vendors.Select(v => v.Name));
        other.Bills.Select(b => b.Id).ShouldNotBe(Company.Bills.Select(b => b.Id));
    }

    [Fact]
    public void Company_HasTheShapeOfA300PersonServicesFirm()
    {
        Company.LegalEntities.Select(e => e.Id).ShouldBe(["hpus", "hpuk", "hpno"]);
        Company.Accounts.Count.ShouldBeInRange(140, 160);
        Company.Accounts.Select(a => a.Number).Distinct().Count().ShouldBe(Company.Accounts.Count);
        Company.Vendors.Count.ShouldBe(400);
        Company.Vendors.Select(v => v.Number).Distinct().Count().ShouldBe(400);
        Company.Vendors.Select(v => v.Name).Distinct().Count().ShouldBe(400);
        Company.Employees.Count.ShouldBe(300);
        Company.ValuesOf(SandboxCompany.Department).Count().ShouldBeGreaterThanOrEqualTo(10);
        Company.ValuesOf(SandboxCompany.CostCenter).Count().ShouldBeGreaterThanOrEqualTo(15);
        (Company.Bills.Count + Company.Transactions.Count + Company.PurchaseOrders.Count).ShouldBe(600);
        Company.Bills.ShouldContain(b => b.Status == BillStatus.Paid);
        Company.Transactions.ShouldContain(t => t.Lines.Count > 1, "some card spend is split");
        Company.Accounts.ShouldContain(a => !a.Active, "a ledger that has lived has closed accounts");
    }

    [Fact]
    public void Spend_IsCodedOnlyToValuesTheLedgerHas()
    {
        var accounts = Company.Accounts.Select(a => a.Number).ToHashSet();
        var dimensions = Company.Dimensions.Select(d => d.Code).ToHashSet();
        var vendors = Company.Vendors.ToDictionary(v => v.Number);
        var lines = Company.Bills.SelectMany(b => b.Lines).Concat(Company.Transactions.SelectMany(t => t.Lines)).ToList();

        lines.ShouldAllBe(l => accounts.Contains(l.AccountNumber) && dimensions.Contains(l.DepartmentCode) && dimensions.Contains(l.CostCenterCode));
        Company.Bills.ShouldAllBe(b => vendors.ContainsKey(b.VendorNumber) && vendors[b.VendorNumber].LegalEntityId == b.LegalEntityId
                                        && vendors[b.VendorNumber].Currency == b.Currency);
        Company.PurchaseOrders.ShouldAllBe(p => vendors.ContainsKey(p.VendorNumber) && p.Lines.All(l => accounts.Contains(l.AccountNumber)));
        lines.ShouldAllBe(l => l.Amount > 0);
    }

    [Fact]
    public void PurchaseOrderLines_DescribeTheAccountTheyAreCodedTo()
    {
        var names = Company.Accounts.ToDictionary(a => a.Number, a => a.Name);

        Company.PurchaseOrders.SelectMany(p => p.Lines).ShouldAllBe(l => l.Description.StartsWith(names[l.AccountNumber] + " ("));
    }

    [Fact]
    public void PurchaseOrders_EveryLegalEntityHasOpenAndClosedOnes()
    {
        foreach (var entity in Company.LegalEntities)
        {
            Company.PurchaseOrders.ShouldContain(p => p.LegalEntityId == entity.Id && p.Open, entity.Id);
            Company.PurchaseOrders.ShouldContain(p => p.LegalEntityId == entity.Id && !p.Open, entity.Id);
        }
    }

    [Fact]
    public void Generate_ScalesToBenchmarkVolumes()
    {
        var large = SandboxCompanyGenerator.Generate(documents: 100_000);

        (large.Bills.Count + large.Transactions.Count + large.PurchaseOrders.Count).ShouldBe(100_000);
        large.Bills.Select(b => b.Id).Distinct().Count().ShouldBe(large.Bills.Count);
    }
}
