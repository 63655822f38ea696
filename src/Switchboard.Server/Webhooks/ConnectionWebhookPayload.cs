using Switchboard.Server.Connections;

namespace Switchboard.Server.Webhooks;

/// <summary>A connection event's payload: the company, and the connection as <c>GET</c> showed it at that moment.</summary>
public sealed record ConnectionWebhookPayload(CompanyReference ReferenceCompany, Connection Connection);
