using Switchboard.Server.Connections;
using Switchboard.Server.Integrations;

namespace Switchboard.Server.Link;

/// <summary>A link checked against its connection: a refusal, or what the page may authorize.</summary>
internal sealed record OpenedLink(LinkRefusal? Refusal, LinkClaims? Claims = null, ConnectionEntity? Connection = null, IntegrationDefinition? Integration = null);
