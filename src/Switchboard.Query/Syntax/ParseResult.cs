namespace Switchboard.Query.Syntax;

/// <summary>The outcome of <see cref="QueryParser.Parse(string?)"/>: a syntax tree or an error, never both.</summary>
public sealed class ParseResult
{
    private ParseResult(QueryNode? root, QueryError? error)
    {
        Root = root;
        Error = error;
    }

    /// <summary>Whether the text is a well-formed query.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The syntax tree; null when parsing failed or the query was empty (no filter).</summary>
    public QueryNode? Root { get; }

    /// <summary>Why the text is malformed; null on success.</summary>
    public QueryError? Error { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="root">The syntax tree, or null for an empty query.</param>
    /// <returns>The result.</returns>
    public static ParseResult Success(QueryNode? root) => new(root, null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why the text is malformed.</param>
    /// <returns>The result.</returns>
    public static ParseResult Failure(QueryError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
