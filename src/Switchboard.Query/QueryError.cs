namespace Switchboard.Query;

/// <summary>Why a query or an orderBy was rejected.</summary>
/// <param name="Message">The text for the <c>error</c> field of the 400 response.</param>
/// <param name="Diagnostics">The specific problems, each with its position in the text.</param>
public sealed record QueryError(string Message, IReadOnlyList<QueryDiagnostic> Diagnostics);
