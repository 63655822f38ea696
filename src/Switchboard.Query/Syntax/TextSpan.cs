namespace Switchboard.Query.Syntax;

/// <summary>A range of characters in the query text.</summary>
/// <param name="Start">The 0-based offset of the first character.</param>
/// <param name="Length">The number of characters.</param>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>The smallest span that covers both <paramref name="first"/> and <paramref name="last"/>.</summary>
    /// <param name="first">The span that starts first.</param>
    /// <param name="last">The span that ends last.</param>
    /// <returns>The covering span.</returns>
    public static TextSpan Covering(TextSpan first, TextSpan last) => new(first.Start, last.End - first.Start);
}
