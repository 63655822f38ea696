using Microsoft.AspNetCore.Builder;

namespace Switchboard.Server.Idempotency;

internal static class SecretResponseExtensions
{
    /// <summary>Marks the endpoint's successful answers as carrying a secret that must never be stored.</summary>
    public static RouteHandlerBuilder CarriesSecret(this RouteHandlerBuilder endpoint, string resource) =>
        endpoint.WithMetadata(new SecretResponse(resource));
}
