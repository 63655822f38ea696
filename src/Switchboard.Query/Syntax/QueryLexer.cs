namespace Switchboard.Query.Syntax;

/// <summary>
/// Splits query text into tokens. Values are unquoted, so the lexer switches mode after an
/// operator: the value runs to the next <c>&amp;&amp;</c>, <c>||</c>, <c>}</c> or the end, and is trimmed.
/// </summary>
public static class QueryLexer
{
    /// <summary>Splits <paramref name="text"/> into tokens; the last one is always <see cref="TokenKind.End"/>.</summary>
    /// <param name="text">The query text.</param>
    /// <returns>The tokens. Characters that start no token become <see cref="TokenKind.Invalid"/> tokens.</returns>
    public static IReadOnlyList<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        var position = 0;
        while (true)
        {
            if (tokens.Count > 0 && tokens[^1].Kind == TokenKind.Operator)
            {
                tokens.Add(ReadValue(text, ref position));
                continue;
            }

            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, string.Empty, new TextSpan(text.Length, 0)));
                return tokens;
            }

            tokens.Add(ReadToken(text, ref position));
        }
    }

    private static Token ReadToken(string text, ref int position)
    {
        var start = position;
        var c = text[position];
        var next = position + 1 < text.Length ? text[position + 1] : '\0';
        switch (c)
        {
            case '{':
                return Single(TokenKind.OpenBrace, text, ref position);
            case '}':
                return Single(TokenKind.CloseBrace, text, ref position);
            case '.':
                return Single(TokenKind.Dot, text, ref position);
            case '&' when next == '&':
                return Double(TokenKind.And, text, ref position);
            case '|' when next == '|':
                return Double(TokenKind.Or, text, ref position);
            case '=':
                return Operator(ComparisonOperator.Equal, 1, text, ref position);
            case '~':
                return Operator(ComparisonOperator.Contains, 1, text, ref position);
            case '!' when next == '=':
                return Operator(ComparisonOperator.NotEqual, 2, text, ref position);
            case '>' when next == '=':
                return Operator(ComparisonOperator.GreaterThanOrEqual, 2, text, ref position);
            case '>':
                return Operator(ComparisonOperator.GreaterThan, 1, text, ref position);
            case '<' when next == '=':
                return Operator(ComparisonOperator.LessThanOrEqual, 2, text, ref position);
            case '<':
                return Operator(ComparisonOperator.LessThan, 1, text, ref position);
            default:
                if (IsIdentifierChar(c))
                {
                    while (position < text.Length && IsIdentifierChar(text[position]))
                    {
                        position++;
                    }

                    return new Token(TokenKind.Identifier, text[start..position], new TextSpan(start, position - start));
                }

                return Single(TokenKind.Invalid, text, ref position);
        }
    }

    private static Token ReadValue(string text, ref int position)
    {
        var start = position;
        var end = start;
        while (end < text.Length && !IsValueTerminator(text, end))
        {
            end++;
        }

        position = end;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return new Token(TokenKind.Value, text[start..end], new TextSpan(start, end - start));
    }

    private static bool IsValueTerminator(string text, int index)
    {
        var c = text[index];
        if (c == '}')
        {
            return true;
        }

        return (c == '&' || c == '|') && index + 1 < text.Length && text[index + 1] == c;
    }

    /// <summary>Whether <paramref name="c"/> may appear in a property name segment.</summary>
    /// <param name="c">The character.</param>
    /// <returns>True for ASCII letters, digits and underscore.</returns>
    public static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static Token Single(TokenKind kind, string text, ref int position)
    {
        var token = new Token(kind, text.Substring(position, 1), new TextSpan(position, 1));
        position++;
        return token;
    }

    private static Token Double(TokenKind kind, string text, ref int position)
    {
        var token = new Token(kind, text.Substring(position, 2), new TextSpan(position, 2));
        position += 2;
        return token;
    }

    private static Token Operator(ComparisonOperator op, int length, string text, ref int position)
    {
        var token = new Token(TokenKind.Operator, text.Substring(position, length), new TextSpan(position, length), op);
        position += length;
        return token;
    }
}
