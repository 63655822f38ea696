namespace Switchboard.Query;

/// <summary>One specific problem found in a query or an orderBy.</summary>
/// <param name="Position">The 0-based character offset where the problem starts.</param>
/// <param name="Length">How many characters the problem spans (0 at the end of the text).</param>
/// <param name="Message">A specific, human-readable description of the problem.</param>
public sealed record QueryDiagnostic(int Position, int Length, string Message);
