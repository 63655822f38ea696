using Switchboard.Server.Companies;

namespace Switchboard.Server.Webhooks;

/// <summary>The body of a company event (OpenAPI <c>CompanyWebhook</c>): the company as <c>GET</c> showed it, without its connections.</summary>
public sealed record CompanyWebhook(Guid Id, string EventType, DateTime GeneratedDate, Company Payload);
