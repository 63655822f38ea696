using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Auth;

/// <summary>Authenticates <c>Authorization: Basic</c> API keys against their stored hashes.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ReadPool reads,
    ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "switchboard:tenant";
    public const string KeyClaim = "switchboard:key";

    // Any tenant's key: this lookup is what finds the tenant.
    private static readonly SqlStatement FindKey = new("SELECT id, tenant_id FROM api_keys WHERE key_hash = @hash");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!ApiKeyHeader.TryParse(Request.Headers.Authorization, out var apiKey))
        {
            return AuthenticateResult.Fail("Missing or malformed Authorization header.");
        }

        var hash = ApiKeySecrets.Hash(apiKey);
        if (!cache.TryGet(hash, out var keyId, out var tenantId))
        {
            await using (var lease = await reads.RentAsync(Context.RequestAborted))
            await using (var reader = await lease.Command(FindKey).Set("@hash", hash).RunReaderAsync(Context.RequestAborted))
            {
                if (!await reader.NextRowAsync(Context.RequestAborted))
                {
                    return AuthenticateResult.Fail("Unknown API key.");
                }

                (keyId, tenantId) = (reader.GetGuid(0), reader.GetGuid(1));
            }

            cache.Add(hash, keyId, tenantId);
        }

        var identity = new ClaimsIdentity(
            [new Claim(TenantClaim, tenantId.ToString()), new Claim(KeyClaim, keyId.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorResponses.DefaultMessage(StatusCodes.Status401Unauthorized));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorResponses.DefaultMessage(StatusCodes.Status403Forbidden));
}
