using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.ApiKeys;
using Switchboard.Server.Errors;
using Switchboard.Server.Health;

namespace Switchboard.Server.Auth;

/// <summary>Authenticates <c>Authorization: Basic</c> API keys against their stored hashes.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "switchboard:tenant";
    public const string KeyClaim = "switchboard:key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ProbeEndpoint.Is(Context))
        {
            // Health probes need no key and are not rate limited: a key sent with one is not looked up, so a flood of
            // made-up keys there costs no database reads.
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyHeader.TryParse(Request.Headers.Authorization, out var apiKey))
        {
            return AuthenticateResult.Fail("Missing or malformed Authorization header.");
        }

        var hash = ApiKeySecrets.Hash(apiKey);
        if (cache.TryGet(hash) is not { } principal)
        {
            // Any tenant's key: this lookup is what finds the tenant.
            if (await keys.FindByHashAsync(hash, Context.RequestAborted) is not { } found)
            {
                return AuthenticateResult.Fail("Unknown API key.");
            }

            principal = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(TenantClaim, found.Tenant.Value.ToString()), new Claim(KeyClaim, found.KeyId.ToString())],
                SchemeName));
            cache.Add(hash, principal);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorResponses.DefaultMessage(StatusCodes.Status401Unauthorized));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorResponses.DefaultMessage(StatusCodes.Status403Forbidden));
}
