using Microsoft.AspNetCore.Http;
using Switchboard.Server.Auth;

namespace Switchboard.Server.Tenancy;

/// <summary>The tenant of the request's API key; <see cref="Guid.Empty"/> (sees nothing) when unauthenticated.</summary>
internal sealed class CurrentTenant(IHttpContextAccessor accessor)
{
    public Guid Id =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirst(ApiKeyAuthenticationHandler.TenantClaim)?.Value, out var id) ? id : Guid.Empty;
}
