using Switchboard.Server.Connections;
using Switchboard.Server.Integrations;

namespace Switchboard.Server.Link;

/// <summary>
/// A link checked against its connection: a refusal, or what the page may authorize. A refusal of a genuine token keeps
/// its claims, so the page can still show whose link it is.
/// </summary>
internal sealed record OpenedLink(LinkRefusal? Refusal, LinkClaims? Claims = null, ConnectionEntity? Connection = null, IntegrationDefinition? Integration = null)
{
    public static OpenedLink Refused(LinkClaims claims, LinkRefusal refusal) => new(refusal, claims);
}
