using System.Globalization;

namespace MlConnector.Sandbox.D365;

public abstract record FilterNode;

/// <summary><c>eq ne gt ge lt le</c> comparisons and <c>and</c>/<c>or</c>.</summary>
public sealed record BinaryNode(string Operator, FilterNode Left, FilterNode Right) : FilterNode;

public sealed record NotNode(FilterNode Operand) : FilterNode;

public sealed record PropertyNode(string Name) : FilterNode;

/// <summary>A string, decimal, date, null or <see cref="EnumLiteral"/>.</summary>
public sealed record LiteralNode(object? Value) : FilterNode;

/// <summary><c>Microsoft.Dynamics.DataEntities.NoYes'Yes'</c>: type and member.</summary>
public sealed record EnumLiteral(string Type, string Member);

/// <summary>
/// The <c>$filter</c> subset F&amp;O supports and the sandbox models: comparisons, <c>and</c>/<c>or</c>/<c>not</c>,
/// grouping, quoted strings (<c>''</c> escapes a quote), numbers, dates, enum literals and null. F&amp;O rejects
/// <c>in</c> and <c>has</c>, so does the sandbox. Arithmetic (<c>add</c> … <c>mod</c>) and functions
/// (<c>contains</c>…) are rejected too: the real service is patchy there and connectors should use wildcards.
/// </summary>
public static class FilterParser
{
    private static readonly HashSet<string> Comparisons = ["eq", "ne", "gt", "ge", "lt", "le"];
    private static readonly HashSet<string> Arithmetic = ["add", "sub", "mul", "div", "divby", "mod"];

    public static FilterNode Parse(string text)
    {
        var tokens = Tokenize(text);
        var position = 0;
        var node = ParseOr(tokens, ref position);
        if (position < tokens.Count) throw Syntax($"unexpected '{tokens[position].Text}' at position {tokens[position].At}");
        return node;
    }

    private static FilterNode ParseOr(List<Token> tokens, ref int position)
    {
        var left = ParseAnd(tokens, ref position);
        while (IsWord(tokens, position, "or"))
        {
            position++;
            left = new BinaryNode("or", left, ParseAnd(tokens, ref position));
        }
        return left;
    }

    private static FilterNode ParseAnd(List<Token> tokens, ref int position)
    {
        var left = ParseUnary(tokens, ref position);
        while (IsWord(tokens, position, "and"))
        {
            position++;
            left = new BinaryNode("and", left, ParseUnary(tokens, ref position));
        }
        return left;
    }

    private static FilterNode ParseUnary(List<Token> tokens, ref int position)
    {
        if (!IsWord(tokens, position, "not")) return ParseComparison(tokens, ref position);
        position++;
        return new NotNode(ParseUnary(tokens, ref position));
    }

    private static FilterNode ParseComparison(List<Token> tokens, ref int position)
    {
        var left = ParsePrimary(tokens, ref position);
        if (position >= tokens.Count || tokens[position].Kind != TokenKind.Word) return left;
        var word = tokens[position].Text;
        if (word is "in" or "has")
            throw ODataFault.BadRequest($"The query specified in the URI is not valid. The '{word}' operator is not supported by Finance and Operations.");
        if (Arithmetic.Contains(word))
            throw ODataFault.BadRequest($"The query specified in the URI is not valid. The arithmetic operator '{word}' is not supported by the sandbox.");
        if (!Comparisons.Contains(word)) return left;
        position++;
        return new BinaryNode(word, left, ParsePrimary(tokens, ref position));
    }

    private static FilterNode ParsePrimary(List<Token> tokens, ref int position)
    {
        if (position >= tokens.Count) throw Syntax("the expression ends too early");
        var token = tokens[position++];
        switch (token.Kind)
        {
            case TokenKind.Open:
                var inner = ParseOr(tokens, ref position);
                if (position >= tokens.Count || tokens[position].Kind != TokenKind.Close) throw Syntax("')' expected");
                position++;
                return inner;
            case TokenKind.Literal:
                return new LiteralNode(token.Value);
            case TokenKind.Word when token.Text is "null":
                return new LiteralNode(null);
            case TokenKind.Word when position < tokens.Count && tokens[position].Kind == TokenKind.Open:
                throw ODataFault.BadRequest($"The query specified in the URI is not valid. The function '{token.Text}' is not supported; use a wildcard such as Name eq '*text*'.");
            case TokenKind.Word when Comparisons.Contains(token.Text) || token.Text is "and" or "or":
                throw Syntax($"an operand is missing before '{token.Text}'");
            case TokenKind.Word:
                return new PropertyNode(token.Text);
            default:
                throw Syntax($"unexpected '{token.Text}' at position {token.At}");
        }
    }

    private static bool IsWord(List<Token> tokens, int position, string word) =>
        position < tokens.Count && tokens[position].Kind == TokenKind.Word && tokens[position].Text == word;

    private static ODataFault Syntax(string detail) => ODataFault.BadRequest($"The query specified in the URI is not valid. Syntax error in $filter: {detail}.");

    private enum TokenKind { Word, Literal, Open, Close, Comma }

    private sealed record Token(TokenKind Kind, string Text, int At, object? Value = null);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '(') { tokens.Add(new Token(TokenKind.Open, "(", i++)); continue; }
            if (c == ')') { tokens.Add(new Token(TokenKind.Close, ")", i++)); continue; }
            if (c == ',') { tokens.Add(new Token(TokenKind.Comma, ",", i++)); continue; }
            if (c == '\'')
            {
                var start = i;
                var value = ReadQuoted(text, ref i);
                tokens.Add(new Token(TokenKind.Literal, text[start..i], start, value));
                continue;
            }
            if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or ':' or '-' or '+')) i++;
                tokens.Add(new Token(TokenKind.Literal, text[start..i], start, Number(text[start..i])));
                continue;
            }
            if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '/')) i++;
                var word = text[start..i];
                if (i < text.Length && text[i] == '\'')
                {
                    // Enum literal: Namespace.Type'Member'
                    var member = ReadQuoted(text, ref i);
                    var type = word.StartsWith(D365Names.EnumNamespace, StringComparison.Ordinal) ? word[D365Names.EnumNamespace.Length..] : word;
                    tokens.Add(new Token(TokenKind.Literal, text[start..i], start, new EnumLiteral(type, member)));
                }
                else tokens.Add(new Token(TokenKind.Word, word, start));
                continue;
            }
            throw Syntax($"unexpected '{c}' at position {i}");
        }
        return tokens;
    }

    private static string ReadQuoted(string text, ref int i)
    {
        var start = i++;
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (i >= text.Length) throw Syntax($"unterminated string literal at position {start}");
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'') { value.Append('\''); i += 2; continue; }
                i++;
                return value.ToString();
            }
            value.Append(text[i++]);
        }
    }

    private static object Number(string text)
    {
        if (text.Contains('T') || text.Count(ch => ch == '-') >= 2)
            return D365Values.ParseDate(text) ?? throw Syntax($"'{text}' is not a valid date");
        return decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Syntax($"'{text}' is not a valid number");
    }
}
