using Microsoft.AspNetCore.Builder;

namespace Switchboard.Server.Idempotency;

internal static class SecretResponseExtensions
{
    /// <summary>Marks the endpoint's successful answers as carrying a secret that must never be stored.</summary>
    public static RouteHandlerBuilder CarriesSecret(this RouteHandlerBuilder endpoint, string resource) =>
        endpoint.WithMetadata(new SecretResponse(resource));

    /// <summary>Marks the endpoint as safe to repeat: the idempotency middleware passes it through (<see cref="SafeToRepeat"/>).</summary>
    public static RouteHandlerBuilder SafeToRepeat(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new SafeToRepeat());
}
