namespace Switchboard.Server.Link; internal sealed record LinkOutcome(LinkResult Result, Connections.ConnectionEntity? Connection, string? Message);
