using System.Text.RegularExpressions;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// Evaluates a parsed <c>$filter</c> against rows of one entity set. String comparisons ignore case (F&amp;O's SQL
/// collation does); <c>eq '*x*'</c> / <c>ne '*x*'</c> are wildcard matches, as F&amp;O documents.
/// </summary>
public sealed class FilterEvaluator
{
    private readonly EntitySetDef set;
    private readonly FilterNode root;

    public FilterEvaluator(EntitySetDef set, FilterNode root)
    {
        this.set = set;
        this.root = root;
        if (root is PropertyNode or LiteralNode)
            throw ODataFault.BadRequest("The query specified in the URI is not valid. $filter must be a condition, e.g. Name eq 'x'.");
        Validate(root);
    }

    public static FilterEvaluator Parse(EntitySetDef set, string filter) => new(set, FilterParser.Parse(filter));

    public bool Matches(Entity row) => Test(root, row);

    private void Validate(FilterNode node)
    {
        switch (node)
        {
            case BinaryNode { Operator: "and" or "or", Left: PropertyNode or LiteralNode } or BinaryNode { Operator: "and" or "or", Right: PropertyNode or LiteralNode }:
                throw ODataFault.BadRequest("The query specified in the URI is not valid. 'and' and 'or' join conditions.");
            case BinaryNode { Operator: "and" or "or" } logical:
                Validate(logical.Left);
                Validate(logical.Right);
                break;
            case BinaryNode comparison:
                if (comparison.Left is not (PropertyNode or LiteralNode) || comparison.Right is not (PropertyNode or LiteralNode))
                    throw ODataFault.BadRequest("The query specified in the URI is not valid. A comparison needs a property and a value.");
                foreach (var side in new[] { comparison.Left, comparison.Right }.OfType<PropertyNode>()) Validate(side);
                // F&O compares enums with eq and ne only (contract §2).
                if (comparison.Operator is not ("eq" or "ne") && new[] { comparison.Left, comparison.Right }.Any(IsEnum))
                    throw ODataFault.BadRequest($"The query specified in the URI is not valid. Enum values support only eq and ne, not '{comparison.Operator}'.");
                break;
            case NotNode { Operand: PropertyNode or LiteralNode }:
                throw ODataFault.BadRequest("The query specified in the URI is not valid. 'not' needs a condition.");
            case NotNode not:
                Validate(not.Operand);
                break;
            case PropertyNode property when set.Find(property.Name) is null:
                throw ODataFault.BadRequest($"Could not find a property named '{property.Name}' on type 'Microsoft.Dynamics.DataEntities.{set.Name}'.");
            case PropertyNode:
                break;
            case LiteralNode:
                throw ODataFault.BadRequest("The query specified in the URI is not valid. A bare value is not a condition.");
        }
    }

    private bool IsEnum(FilterNode node) =>
        node is LiteralNode { Value: EnumLiteral } || (node is PropertyNode p && set.Find(p.Name)?.Kind == PropKind.Enum);

    private bool Test(FilterNode node, Entity row) => node switch
    {
        BinaryNode { Operator: "and" } n => Test(n.Left, row) && Test(n.Right, row),
        BinaryNode { Operator: "or" } n => Test(n.Left, row) || Test(n.Right, row),
        NotNode n => !Test(n.Operand, row),
        BinaryNode n => Compare(n, row),
        _ => throw new InvalidOperationException("Validated filters only hold conditions here."),
    };

    private static bool Compare(BinaryNode node, Entity row)
    {
        var left = Value(node.Left, row);
        var right = Value(node.Right, row);
        if (node.Operator is "eq" or "ne" && Wildcard(node.Left, node.Right, left, right) is { } matched)
            return node.Operator == "eq" ? matched : !matched;
        var order = D365Values.Compare(left, right);
        return node.Operator switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "gt" => left is not null && right is not null && order > 0,
            "ge" => left is not null && right is not null && order >= 0,
            "lt" => left is not null && right is not null && order < 0,
            _ => left is not null && right is not null && order <= 0,
        };
    }

    private static object? Value(FilterNode node, Entity row) => node switch
    {
        PropertyNode p => row[p.Name],
        LiteralNode { Value: EnumLiteral e } => e.Member,
        LiteralNode l => l.Value,
        _ => null,
    };

    /// <summary>Whether the property side matches a literal that holds <c>*</c>; null when no wildcard is involved.</summary>
    private static bool? Wildcard(FilterNode leftNode, FilterNode rightNode, object? left, object? right)
    {
        var (pattern, value) = (leftNode, rightNode) switch
        {
            (PropertyNode, LiteralNode { Value: string s }) when s.Contains('*') => (s, left),
            (LiteralNode { Value: string s }, PropertyNode) when s.Contains('*') => (s, right),
            _ => (null, null),
        };
        if (pattern is null) return null;
        var regex = "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$";
        return Regex.IsMatch(D365Values.Text(value), regex, RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
