using Microsoft.AspNetCore.Http;
using Switchboard.Server.Auth;

namespace Switchboard.Server.Tenancy;

/// <summary>The tenant of the request's API key; <see cref="Guid.Empty"/> (sees nothing) when unauthenticated.</summary>
internal sealed class CurrentTenant(IHttpContextAccessor accessor)
{
    private Guid _id;

    // Kept once known: a request's tenant does not change after authentication.
    public Guid Id
    {
        get
        {
            if (_id == Guid.Empty && Guid.TryParse(accessor.HttpContext?.User.FindFirst(ApiKeyAuthenticationHandler.TenantClaim)?.Value, out var id))
            {
                _id = id;
            }

            return _id;
        }
    }

    public TenantId TenantId => new(Id);
}
