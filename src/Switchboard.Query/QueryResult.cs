namespace Switchboard.Query;

/// <summary>The outcome of parsing a query or an orderBy: either a value or an error, never both.</summary>
/// <typeparam name="TValue">The type of the value on success.</typeparam>
public sealed class QueryResult<TValue>
{
    private readonly TValue _value;

    private QueryResult(TValue value, QueryError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Whether the input was accepted; when true <see cref="Value"/> is set and <see cref="Error"/> is null.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The value; only valid when <see cref="Succeeded"/> is true.</summary>
    /// <exception cref="InvalidOperationException">The result is a failure.</exception>
    public TValue Value => Error is null
        ? _value
        : throw new InvalidOperationException($"The result is a failure: {Error.Message}");

    /// <summary>Why the input was rejected; null on success.</summary>
    public QueryError? Error { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>A result whose <see cref="Succeeded"/> is true.</returns>
    public static QueryResult<TValue> Success(TValue value) => new(value, null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why the input was rejected.</param>
    /// <returns>A result whose <see cref="Succeeded"/> is false.</returns>
    public static QueryResult<TValue> Failure(QueryError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default!, error);
    }
}
