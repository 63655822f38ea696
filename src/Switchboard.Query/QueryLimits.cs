namespace Switchboard.Query;

/// <summary>Limits that every query must respect.</summary>
public static class QueryLimits
{
    /// <summary>The longest query text accepted, in characters.</summary>
    public const int MaxLength = 2048;

    /// <summary>The deepest nesting of <c>{ }</c> groups accepted.</summary>
    public const int MaxNestingDepth = 32;
}
