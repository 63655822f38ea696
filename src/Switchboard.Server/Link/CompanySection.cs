namespace Switchboard.Server.Link;

/// <summary>One kind of platform on the company page: its choices, or the one platform of a single-connection kind that is Linked.</summary>
public sealed record CompanySection(string Id, string Heading, IReadOnlyList<CompanyChoice> Choices, CompanyChoice? Linked);
