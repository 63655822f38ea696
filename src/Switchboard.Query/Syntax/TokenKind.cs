namespace Switchboard.Query.Syntax;

/// <summary>The kinds of token the lexer produces.</summary>
public enum TokenKind
{
    /// <summary>A run of letters, digits and underscores: one segment of a property name.</summary>
    Identifier,

    /// <summary><c>.</c> between the segments of a nested property name.</summary>
    Dot,

    /// <summary>A comparison operator: <c>=</c>, <c>!=</c>, <c>~</c>, <c>&gt;</c>, <c>&lt;</c>, <c>&gt;=</c>, <c>&lt;=</c>.</summary>
    Operator,

    /// <summary>The text after an operator, up to the next <c>&amp;&amp;</c>, <c>||</c>, <c>}</c> or the end, trimmed.</summary>
    Value,

    /// <summary><c>&amp;&amp;</c>.</summary>
    And,

    /// <summary><c>||</c>.</summary>
    Or,

    /// <summary><c>{</c>.</summary>
    OpenBrace,

    /// <summary><c>}</c>.</summary>
    CloseBrace,

    /// <summary>A character that cannot start any token.</summary>
    Invalid,

    /// <summary>The end of the text.</summary>
    End,
}
