using MlConnector.Sandbox.D365;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>The $filter parser and evaluator on their own, without HTTP.</summary>
public sealed class FilterParserTests
{
    private static readonly EntitySetDef Vendors = D365EntitySets.Find("VendorsV2")!;

    private static Entity Vendor(string number, string name, string company = "hpus", string onHold = "No") => new(new Dictionary<string, object?>
    {
        ["dataAreaId"] = company, ["VendorAccountNumber"] = number, ["VendorOrganizationName"] = name, ["OnHoldStatus"] = onHold,
    });

    private static bool Matches(string filter, Entity row) => FilterEvaluator.Parse(Vendors, filter).Matches(row);

    [Fact]
    public void Parse_Comparison_BuildsPropertyOperatorLiteral()
    {
        FilterParser.Parse("Name eq 'Acme'").ShouldBe(new BinaryNode("eq", new PropertyNode("Name"), new LiteralNode("Acme")));
    }

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        var node = FilterParser.Parse("A eq 1 or B eq 2 and C eq 3").ShouldBeOfType<BinaryNode>();

        node.Operator.ShouldBe("or");
        node.Right.ShouldBeOfType<BinaryNode>().Operator.ShouldBe("and");
    }

    [Fact]
    public void Parse_Parentheses_OverridePrecedence()
    {
        var node = FilterParser.Parse("(A eq 1 or B eq 2) and C eq 3").ShouldBeOfType<BinaryNode>();

        node.Operator.ShouldBe("and");
        node.Left.ShouldBeOfType<BinaryNode>().Operator.ShouldBe("or");
    }

    [Fact]
    public void Parse_DoubledQuote_IsOneQuoteInTheLiteral()
    {
        FilterParser.Parse("Name eq 'O''Brien'").ShouldBeOfType<BinaryNode>().Right.ShouldBe(new LiteralNode("O'Brien"));
    }

    [Fact]
    public void Parse_EnumLiteral_KeepsTypeAndMember()
    {
        FilterParser.Parse("IsOnHold eq Microsoft.Dynamics.DataEntities.NoYes'Yes'").ShouldBeOfType<BinaryNode>()
            .Right.ShouldBe(new LiteralNode(new EnumLiteral("NoYes", "Yes")));
    }

    [Fact]
    public void Parse_NumbersAndDates_BecomeTypedLiterals()
    {
        FilterParser.Parse("Amount ge 12.50").ShouldBeOfType<BinaryNode>().Right.ShouldBe(new LiteralNode(12.50m));
        FilterParser.Parse("InvoiceDate lt 2026-11-01T00:00:00Z").ShouldBeOfType<BinaryNode>()
            .Right.ShouldBe(new LiteralNode(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Parse_Not_WrapsTheCondition()
    {
        FilterParser.Parse("not A eq 'x'").ShouldBeOfType<NotNode>();
    }

    [Theory]
    [InlineData("dataAreaId in ('hpus','hpuk')", "'in'")]
    [InlineData("Flags has Ns.E'A'", "'has'")]
    [InlineData("Amount add 1 eq 2", "'add'")]
    [InlineData("contains(Name,'x')", "'contains'")]
    public void Parse_UnsupportedOperatorOrFunction_IsA400(string filter, string named)
    {
        var fault = Should.Throw<ODataFault>(() => FilterParser.Parse(filter));

        fault.Status.ShouldBe(400);
        fault.Message.ShouldContain(named);
    }

    [Theory]
    [InlineData("Name eq 'open")]
    [InlineData("Name eq")]
    [InlineData("(Name eq 'x'")]
    [InlineData("Name eq 'x' 'y'")]
    [InlineData("eq 'x'")]
    [InlineData("Name ~ 'x'")]
    public void Parse_SyntaxError_IsA400(string filter)
    {
        Should.Throw<ODataFault>(() => FilterParser.Parse(filter)).Status.ShouldBe(400);
    }

    [Theory]
    [InlineData("VendorOrganizationName")]
    [InlineData("'x'")]
    [InlineData("not VendorOrganizationName")]
    [InlineData("VendorOrganizationName eq 'x' and dataAreaId")]
    public void Evaluate_OperandWhereAConditionBelongs_IsA400(string filter)
    {
        Should.Throw<ODataFault>(() => FilterEvaluator.Parse(Vendors, filter)).Status.ShouldBe(400);
    }

    [Fact]
    public void Evaluate_UnknownProperty_IsA400()
    {
        Should.Throw<ODataFault>(() => FilterEvaluator.Parse(Vendors, "VendorName eq 'x'")).Status.ShouldBe(400);
    }

    [Fact]
    public void Evaluate_Eq_IgnoresCaseLikeSqlServer()
    {
        Matches("VendorOrganizationName eq 'acme ltd'", Vendor("V1", "Acme Ltd")).ShouldBeTrue();
        Matches("VendorOrganizationName eq 'acme'", Vendor("V1", "Acme Ltd")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("'*cloud*'", "Blue Cloud Hosting", true)]
    [InlineData("'*cloud*'", "Granite Data", false)]
    [InlineData("'Blue*'", "Blue Cloud Hosting", true)]
    [InlineData("'Blue*'", "True Blue", false)]
    [InlineData("'*Hosting'", "Blue Cloud Hosting", true)]
    public void Evaluate_Wildcard_MatchesLikeFinanceAndOperations(string pattern, string name, bool expected)
    {
        Matches($"VendorOrganizationName eq {pattern}", Vendor("V1", name)).ShouldBe(expected);
        Matches($"VendorOrganizationName ne {pattern}", Vendor("V1", name)).ShouldBe(!expected);
    }

    [Fact]
    public void Evaluate_WildcardCharactersOfRegex_AreLiteral()
    {
        Matches("VendorOrganizationName eq '*(A&B)*'", Vendor("V1", "Smith (A&B) Ltd")).ShouldBeTrue();
        Matches("VendorOrganizationName eq '*.*'", Vendor("V1", "No dots")).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_RangeAndLogic_CombineAsWritten()
    {
        var filter = "(VendorAccountNumber gt 'V00010' and VendorAccountNumber le 'V00020') or not dataAreaId eq 'hpus'";

        Matches(filter, Vendor("V00015", "x")).ShouldBeTrue();
        Matches(filter, Vendor("V00010", "x")).ShouldBeFalse();
        Matches(filter, Vendor("V00021", "x")).ShouldBeFalse();
        Matches(filter, Vendor("V00099", "x", company: "hpuk")).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_EnumLiteral_ComparesTheMember()
    {
        Matches("OnHoldStatus eq Microsoft.Dynamics.DataEntities.CustVendorBlocked'All'", Vendor("V1", "x", onHold: "All")).ShouldBeTrue();
        Matches("OnHoldStatus ne Microsoft.Dynamics.DataEntities.CustVendorBlocked'All'", Vendor("V1", "x", onHold: "All")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("OnHoldStatus gt Microsoft.Dynamics.DataEntities.CustVendorBlocked'All'")]
    [InlineData("OnHoldStatus le 'No'")]
    public void Evaluate_EnumWithOrderingOperator_IsA400(string filter)
    {
        Should.Throw<ODataFault>(() => FilterEvaluator.Parse(Vendors, filter)).Message.ShouldContain("only eq and ne");
    }

    [Fact]
    public void Evaluate_Null_MatchesMissingValuesOnly()
    {
        Matches("PrimaryEmailAddress eq null", Vendor("V1", "x")).ShouldBeTrue();
        Matches("VendorOrganizationName eq null", Vendor("V1", "x")).ShouldBeFalse();
    }
}
