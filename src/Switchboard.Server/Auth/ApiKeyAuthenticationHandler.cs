using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Auth;

/// <summary>Authenticates <c>Authorization: Basic</c> API keys against their stored hashes.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<SwitchboardDbContext> databases,
    ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "switchboard:tenant";
    public const string KeyClaim = "switchboard:key";

    // Every request runs this lookup: compiled once rather than looked up in EF Core's query cache each time.
    private static readonly Func<SwitchboardDbContext, string, CancellationToken, Task<ApiKeyEntity?>> FindKey =
        EF.CompileAsyncQuery((SwitchboardDbContext db, string hash, CancellationToken _) =>
            db.ApiKeys.IgnoreQueryFilters().FirstOrDefault(k => k.KeyHash == hash));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!ApiKeyHeader.TryParse(Request.Headers.Authorization, out var apiKey))
        {
            return AuthenticateResult.Fail("Missing or malformed Authorization header.");
        }

        var hash = ApiKeySecrets.Hash(apiKey);
        if (!cache.TryGet(hash, out var keyId, out var tenantId))
        {
            await using var db = await databases.CreateDbContextAsync(Context.RequestAborted);
            var key = await FindKey(db, hash, Context.RequestAborted);
            if (key is null)
            {
                return AuthenticateResult.Fail("Unknown API key.");
            }

            (keyId, tenantId) = (key.Id, key.TenantId);
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
