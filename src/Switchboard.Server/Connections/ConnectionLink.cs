namespace Switchboard.Server.Connections;

/// <summary>Answer of <c>POST …/connections/{connectionId}/link</c> (a Switchboard extension): a fresh link and when it expires.</summary>
public sealed record ConnectionLink(string LinkUrl, DateTime ExpiresAt);
