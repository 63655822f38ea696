using System.Globalization;

namespace Switchboard.Query.Syntax;

/// <summary>
/// A recursive-descent parser for the Codat query language, one method per grammar rule,
/// lowest precedence first:
/// <code>
/// query    = orExpr END ;
/// orExpr   = andExpr { "||" andExpr } ;
/// andExpr  = primary { "&amp;&amp;" primary } ;
/// primary  = "{" orExpr "}" | clause ;
/// clause   = property operator value ;
/// property = identifier { "." identifier } ;
/// </code>
/// It never throws on any input: malformed text becomes a <see cref="QueryError"/> whose
/// diagnostic gives the position of the first problem.
/// </summary>
public sealed class QueryParser
{
    private readonly IReadOnlyList<Token> _tokens;
    private int _index;
    private int _depth;
    private QueryDiagnostic? _failure;

    private QueryParser(IReadOnlyList<Token> tokens) => _tokens = tokens;

    private Token Current => _tokens[_index];

    /// <summary>Parses query text into a syntax tree.</summary>
    /// <param name="text">The query; null, empty or whitespace means "no filter".</param>
    /// <returns>The tree (null for no filter) or the error.</returns>
    public static ParseResult Parse(string? text)
    {
        if (text is null)
        {
            return ParseResult.Success(null);
        }

        if (text.Length > QueryLimits.MaxLength)
        {
            var excess = text.Length - QueryLimits.MaxLength;
            return ParseResult.Failure(new QueryError(
                QueryMessages.TooLong,
                [new QueryDiagnostic(QueryLimits.MaxLength, excess, string.Create(
                    CultureInfo.InvariantCulture,
                    $"The query is {text.Length} characters long; the maximum is {QueryLimits.MaxLength}."))]));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseResult.Success(null);
        }

        var parser = new QueryParser(QueryLexer.Tokenize(text));
        var root = parser.ParseQuery();
        return root is null
            ? ParseResult.Failure(new QueryError(QueryMessages.Malformed, [parser._failure!]))
            : ParseResult.Success(root);
    }

    // query = orExpr END
    private QueryNode? ParseQuery()
    {
        var root = ParseOr();
        if (root is null)
        {
            return null;
        }

        return Current.Kind switch
        {
            TokenKind.End => root,
            TokenKind.CloseBrace => Fail(Current, $"Unexpected '}}' at position {At(Current)}: there is no '{{' to close."),
            _ => Fail(Current, $"Unexpected {Current.Describe()} at position {At(Current)}."),
        };
    }

    // orExpr = andExpr { "||" andExpr }
    private QueryNode? ParseOr()
    {
        var first = ParseAnd();
        if (first is null || Current.Kind != TokenKind.Or)
        {
            return first;
        }

        var operands = new List<QueryNode>();
        AddFlattened<OrNode>(operands, first, static or => or.Operands);
        while (Current.Kind == TokenKind.Or)
        {
            Advance();
            var next = ParseAnd();
            if (next is null)
            {
                return null;
            }

            AddFlattened<OrNode>(operands, next, static or => or.Operands);
        }

        return new OrNode(operands) { Span = TextSpan.Covering(operands[0].Span, operands[^1].Span) };
    }

    // andExpr = primary { "&&" primary }
    private QueryNode? ParseAnd()
    {
        var first = ParsePrimary();
        if (first is null || Current.Kind != TokenKind.And)
        {
            return first;
        }

        var operands = new List<QueryNode>();
        AddFlattened<AndNode>(operands, first, static and => and.Operands);
        while (Current.Kind == TokenKind.And)
        {
            Advance();
            var next = ParsePrimary();
            if (next is null)
            {
                return null;
            }

            AddFlattened<AndNode>(operands, next, static and => and.Operands);
        }

        return new AndNode(operands) { Span = TextSpan.Covering(operands[0].Span, operands[^1].Span) };
    }

    // primary = "{" orExpr "}" | clause
    private QueryNode? ParsePrimary() => Current.Kind switch
    {
        TokenKind.OpenBrace => ParseGroup(),
        TokenKind.Identifier => ParseClause(),
        _ => Fail(Current, $"Expected a property name or '{{' at position {At(Current)} but found {Current.Describe()}."),
    };

    // group = "{" orExpr "}"
    private QueryNode? ParseGroup()
    {
        var open = Current;
        if (_depth == QueryLimits.MaxNestingDepth)
        {
            return Fail(open, $"Braces are nested more than {QueryLimits.MaxNestingDepth} levels deep at position {At(open)}.");
        }

        Advance();
        _depth++;
        var inner = ParseOr();
        if (inner is null)
        {
            return null;
        }

        if (Current.Kind != TokenKind.CloseBrace)
        {
            return Fail(Current, $"Expected '}}' at position {At(Current)} to close the '{{' at position {At(open)} but found {Current.Describe()}.");
        }

        Advance();
        _depth--;
        return inner;
    }

    // clause = property operator value
    private QueryNode? ParseClause()
    {
        var (property, propertySpan) = ParseProperty();
        if (property is null)
        {
            return null;
        }

        if (Current.Kind != TokenKind.Operator)
        {
            return Fail(Current, $"Expected an operator after '{property}' at position {At(Current)} but found {Current.Describe()}.");
        }

        var op = Current;
        Advance();

        // After an operator the lexer always produces a value token, possibly empty.
        var value = Current;
        if (value.Text.Length == 0)
        {
            var found = _tokens[_index + 1];
            return Fail(value, $"Expected a value after '{op.Text}' at position {At(value)} but found {found.Describe()}.");
        }

        Advance();
        return new ClauseNode(property, op.Operator, value.Text)
        {
            PropertySpan = propertySpan,
            OperatorSpan = op.Span,
            ValueSpan = value.Span,
            Span = TextSpan.Covering(propertySpan, value.Span),
        };
    }

    // property = identifier { "." identifier }
    private (string? Name, TextSpan Span) ParseProperty()
    {
        var first = Current;
        var segments = new List<string> { first.Text };
        var last = first;
        Advance();
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            if (Current.Kind != TokenKind.Identifier)
            {
                Fail(Current, $"Expected a property name after '.' at position {At(Current)} but found {Current.Describe()}.");
                return (null, default);
            }

            segments.Add(Current.Text);
            last = Current;
            Advance();
        }

        return (string.Join('.', segments), TextSpan.Covering(first.Span, last.Span));
    }

    private static void AddFlattened<TNode>(List<QueryNode> operands, QueryNode node, Func<TNode, IReadOnlyList<QueryNode>> children)
        where TNode : QueryNode
    {
        if (node is TNode same)
        {
            operands.AddRange(children(same));
        }
        else
        {
            operands.Add(node);
        }
    }

    private void Advance()
    {
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }
    }

    private static string At(Token token) => QueryMessages.At(token.Span.Start);

    private QueryNode? Fail(Token token, string message)
    {
        _failure ??= new QueryDiagnostic(token.Span.Start, token.Span.Length, message);
        return null;
    }
}
