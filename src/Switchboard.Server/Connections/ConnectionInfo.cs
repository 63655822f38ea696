namespace Switchboard.Server.Connections;

/// <summary>
/// Non-secret facts about a connection's authorization: which keys were supplied (never their values) and when.
/// </summary>
public sealed record ConnectionInfo(IReadOnlyList<string> AuthorizationKeys, DateTime? AuthorizedOnUtc);
