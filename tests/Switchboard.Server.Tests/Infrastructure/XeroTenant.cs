namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>One entry of Xero's connections list, as its OAuth 2.0 guide documents it (step 5).</summary>
public sealed record XeroTenant(
    string Id, string AuthEventId, string TenantId, string TenantType, string TenantName, string CreatedDateUtc, string UpdatedDateUtc);
