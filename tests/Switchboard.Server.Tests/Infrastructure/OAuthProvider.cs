using System.Net;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A real OAuth 2.0 authorization server playing the platform: OpenIddict on Kestrel on a loopback port, with the
/// authorization code flow and PKCE required, refresh tokens (rotated, reissued or left out of a refresh's answer),
/// revocation, short lifetimes and faults at the token endpoint. Every authorization consents automatically as a fresh
/// user (one subject per connection), unless <see cref="DenyConsent"/>. It counts what tests need: successful refreshes
/// per subject, when each subject's access tokens were issued, which refresh tokens each subject redeemed, refresh
/// tokens presented more than once, and every request to the token endpoint with the fault it was answered with.
/// <c>/api/me</c> answers only with a valid access token, so a test can check a stored token works.
/// </summary>
public sealed class OAuthProvider : IAsyncDisposable
{
    public const string ClientId = "switchboard-test";
    public const string Scope = "accounting";

    private const string ArrivedAt = "arrived-at";

    // The token signing and encryption keys, one pair for every provider the test run starts. OpenIddict's ephemeral
    // keys are a fresh RSA pair per provider, and generating RSA keys was a quarter of the server suite's CPU time.
    private static readonly RsaSecurityKey SigningKey = new(RSA.Create(2048));
    private static readonly RsaSecurityKey EncryptionKey = new(RSA.Create(2048));

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _refreshes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _presentedRefreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<DateTime>> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, XeroTenant> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _clientAuthentications = new();
    private readonly ConcurrentDictionary<string, List<string>> _redeemed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<OAuthProviderFault> _nextFaults = new();
    private readonly List<(DateTime ArrivedAt, OAuthProviderFault Answer)> _tokenRequests = [];

    private OAuthProvider(WebApplication app, OAuthProviderOptions options)
    {
        _app = app;
        Options = options;
        AccessTokenLifetime = options.AccessTokenLifetime;
        ClientSecret = options.ClientSecret ?? "provider-secret-" + Guid.NewGuid().ToString("N");
    }

    /// <summary>Where the provider listens (known once it has started).</summary>
    public Uri BaseAddress => new(_app.Urls.First());

    public OAuthProviderOptions Options { get; }

    public string ClientSecret { get; }

    /// <summary>What <c>/connections</c> (the tenants lookup) answers with a valid token: 200 with the subject's tenant, or this status.</summary>
    public int TenantsStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>The tenant id <c>/connections</c> gives each subject (the one it would list).</summary>
    public string TenantIdOf(string subject) => TenantOf(subject).TenantId;

    /// <summary>The lifetime of the access tokens refreshes issue (from <see cref="OAuthProviderOptions.AccessTokenLifetime"/>); a test may lengthen it midway.</summary>
    public TimeSpan AccessTokenLifetime { get; set; }

    /// <summary>
    /// When every code exchange's access token expires, whenever it was issued: tokens issued together, as after a burst
    /// of links. Set once the provider and Switchboard have started, so the time they take to start (several seconds on a
    /// loaded machine, with a fresh PostgreSQL database to migrate) does not eat into the time the test leaves for linking.
    /// </summary>
    public DateTime? FirstAccessTokensExpireAt { get; set; }

    /// <summary>When set, the end user refuses consent: the platform returns <c>error=access_denied</c>.</summary>
    public bool DenyConsent { get; set; }

    /// <summary>What the token endpoint does instead of answering, once the faults queued by <see cref="FailNextRefreshes"/> are used up.</summary>
    public OAuthProviderFault TokenEndpointFault { get; set; }

    /// <summary>
    /// What the token endpoint does with refreshes instead of answering, once the queued faults are used up; code
    /// exchanges are answered. Set before linking, it meets the first refresh however long linking takes.
    /// </summary>
    public OAuthProviderFault RefreshFault { get; set; }

    /// <summary>
    /// How long the answer to a refresh takes to arrive: the platform redeems the refresh token at once (a rotating
    /// platform has spent it), or fails as its fault says, and its answer arrives this much later, or never, if the
    /// caller left meanwhile.
    /// </summary>
    public TimeSpan RefreshAnswerDelay { get; set; }

    /// <summary>The <c>Retry-After</c> a <see cref="OAuthProviderFault.TooManyRequests"/> answer carries (whole seconds).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Every request to the token endpoint, in order of arrival, with the fault it got (<see cref="OAuthProviderFault.None"/>: OpenIddict answered).</summary>
    public IReadOnlyList<(DateTime ArrivedAt, OAuthProviderFault Answer)> TokenRequests
    {
        get
        {
            lock (_tokenRequests)
            {
                return [.. _tokenRequests];
            }
        }
    }

    /// <summary>The refresh tokens each subject redeemed (presented and accepted), in order.</summary>
    public IReadOnlyDictionary<string, string[]> RedeemedRefreshTokens =>
        _redeemed.ToDictionary(pair => pair.Key, pair => { lock (pair.Value) { return pair.Value.ToArray(); } }, StringComparer.Ordinal);

    /// <summary>Successful refresh_token grants, by subject.</summary>
    public IReadOnlyDictionary<string, int> Refreshes => _refreshes;

    public int TotalRefreshes => _refreshes.Values.Sum();

    /// <summary>
    /// When each subject's access tokens were asked for (UTC, in order, as the requests reached the provider): the code
    /// exchange's, then one per refresh. A token refreshed twice shows as two closer together than its refresh interval.
    /// </summary>
    public IReadOnlyDictionary<string, DateTime[]> IssuedAccessTokens =>
        _issued.ToDictionary(pair => pair.Key, pair => { lock (pair.Value) { return pair.Value.ToArray(); } }, StringComparer.Ordinal);

    /// <summary>How many times a refresh token already presented once was presented again (zero, unless refresh answers <see cref="RefreshTokenMode.Omit"/> it).</summary>
    public int ReusedRefreshTokens => _presentedRefreshTokens.Values.Sum(n => n - 1);

    /// <summary>Every refresh token presented at the token endpoint (for the canary: none may be found at Switchboard).</summary>
    public IReadOnlyCollection<string> PresentedRefreshTokens => [.. _presentedRefreshTokens.Keys];

    /// <summary>How the client authenticated at the token endpoint, per request: <c>basic</c> (an Authorization header) or <c>post</c> (client_secret in the body).</summary>
    public IReadOnlyCollection<string> ClientAuthentications => [.. _clientAuthentications];

    /// <summary>Code exchanges the token endpoint answered with tokens.</summary>
    public int CodeExchanges => _codeExchanges;

    private int _codeExchanges;

    /// <summary>The settings that configure this provider into Switchboard as the custom OAuth2 integration <paramref name="key"/>.</summary>
    public Dictionary<string, string?> SwitchboardSettings(string key = "tprv")
    {
        var prefix = $"Switchboard:Integrations:{key}:";
        return new Dictionary<string, string?>
        {
            [prefix + "Name"] = "Test Provider",
            [prefix + "SourceType"] = "Accounting",
            [prefix + "AuthorizationScheme"] = "OAuth2",
            [prefix + "OAuth:AuthorizeUrl"] = new Uri(BaseAddress, "connect/authorize").AbsoluteUri,
            [prefix + "OAuth:TokenUrl"] = new Uri(BaseAddress, "connect/token").AbsoluteUri,
            [prefix + "OAuth:ClientId"] = ClientId,
            [prefix + "OAuth:ClientSecret"] = ClientSecret,
            [prefix + "OAuth:ClientAuthentication"] = Options.ClientAuthentication,
            [prefix + "OAuth:Scopes:0"] = Scopes.OfflineAccess,
            [prefix + "OAuth:Scopes:1"] = Scope,
        };
    }

    public static async Task<OAuthProvider> StartAsync(OAuthProviderOptions? options = null)
    {
        options ??= new OAuthProviderOptions();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var databaseName = Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<OAuthProviderDb>(db => db
            .UseInMemoryDatabase(databaseName)
            .ConfigureWarnings(w => w.Ignore(InMemoryEventId.TransactionIgnoredWarning))
            .UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<OAuthProviderDb>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OfflineAccess, Scope);
                server.AddEncryptionKey(EncryptionKey).AddSigningKey(SigningKey);
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                // A spent refresh token is refused at once: no grace period in which it could be spent twice unnoticed.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                if (options.RefreshTokens != RefreshTokenMode.Rotate)
                {
                    server.DisableRollingRefreshTokens();
                }

                if (options.RefreshTokens == RefreshTokenMode.Omit)
                {
                    // OpenIddict issues a refresh token with every answer to a grant holding offline_access (its
                    // EvaluateGeneratedTokens handler); right after that decision, a refresh's answer is told to carry none.
                    server.AddEventHandler<OpenIddictServerEvents.ProcessSignInContext>(handler => handler
                        .UseInlineHandler(context =>
                        {
                            if (context.Request?.IsRefreshTokenGrantType() == true)
                            {
                                context.GenerateRefreshToken = false;
                                context.IncludeRefreshToken = false;
                            }

                            return default;
                        })
                        .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 1)
                        .SetType(OpenIddictServerHandlerType.Custom));
                }

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        var provider = new OAuthProvider(app, options);
        app.Use(provider.WatchTokenEndpointAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMethods("/connect/authorize", ["GET", "POST"], (HttpContext context) => provider.Authorize(context));
        app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)provider.ExchangeAsync);
        // Xero's connections endpoint (https://developer.xero.com/documentation/guides/oauth2/auth-flow, step 5): the
        // tenants the access token reaches, in Xero's documented shape; only with a valid access token.
        app.MapGet("/connections", (ClaimsPrincipal user) => provider.TenantsStatus == StatusCodes.Status200OK
                ? Results.Json(new[] { provider.TenantOf(user.FindFirst(Claims.Subject)!.Value) })
                : Results.StatusCode(provider.TenantsStatus))
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Text(user.FindFirst(Claims.Subject)?.Value ?? ""))
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        await app.StartAsync();
        return provider;
    }

    /// <summary>Registers Switchboard as a confidential client whose redirect URI is its <c>/link/callback</c>.</summary>
    public async Task RegisterClientAsync(Uri switchboard)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { new Uri(switchboard, "link/callback") },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess,
                Permissions.Prefixes.Scope + Scope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        await applications.CreateAsync(descriptor);
    }

    /// <summary>
    /// Answers the next refreshes (<c>refresh_token</c> grants; code exchanges pass) with these faults, one each, in
    /// order, before <see cref="TokenEndpointFault"/> applies again. Queued before a connection is linked, they meet its
    /// first refreshes however long linking took.
    /// </summary>
    public void FailNextRefreshes(params OAuthProviderFault[] faults)
    {
        foreach (var fault in faults)
        {
            _nextFaults.Enqueue(fault);
        }
    }

    /// <summary>Revokes one user's grant (its authorizations and tokens): that connection's next refresh gets invalid_grant.</summary>
    public async Task RevokeSubjectAsync(string subject)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        // The authorization first: a refresh answered meanwhile issues its tokens under a revoked authorization, which
        // OpenIddict checks at the next refresh.
        foreach (var authorization in await authorizations.FindBySubjectAsync(subject, CancellationToken.None).ToListAsync())
        {
            await authorizations.TryRevokeAsync(authorization);
        }

        foreach (var token in await tokens.FindBySubjectAsync(subject, CancellationToken.None).ToListAsync())
        {
            await tokens.TryRevokeAsync(token);
        }
    }

    /// <summary>Revokes every token the provider issued: the platform ends access (the next refresh gets invalid_grant).</summary>
    public async Task RevokeEverythingAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        await foreach (var token in tokens.ListAsync(count: null, offset: null, CancellationToken.None))
        {
            await tokens.TryRevokeAsync(token);
        }

        await foreach (var authorization in authorizations.ListAsync(count: null, offset: null, CancellationToken.None))
        {
            await authorizations.TryRevokeAsync(authorization);
        }
    }

    /// <summary>Whether <paramref name="accessToken"/> is accepted by the provider's API; the subject it belongs to, or null.</summary>
    public async Task<string?> SubjectOfAsync(string accessToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.GetAsync("/api/me");
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
    }

    private XeroTenant TenantOf(string subject) => _tenants.GetOrAdd(subject, _ => new XeroTenant(
        Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "ORGANISATION", "Maple Florist", "2019-07-09T23:40:30.1833130", "2020-05-15T01:35:13.8491980"));

    private IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var decision = context.Request.HasFormContentType ? context.Request.Form["decision"].ToString() : "";
        if (Options.ConsentPage && decision.Length == 0)
        {
            return ConsentPage(request);
        }

        if (DenyConsent || decision == "deny")
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = OpenIddictConstants.Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user denied consent.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        // Consent given at once, by a user of its own: one subject per authorization, so refreshes can be told apart.
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, "user-" + Guid.NewGuid().ToString("N"));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        // A parameter of the sign-in's properties goes onto the redirect back to the client, as Intuit's realmId does.
        var properties = Options.RealmId is { } realmId ? new AuthenticationProperties { Parameters = { ["realmId"] = realmId } } : null;
        return Results.SignIn(new ClaimsPrincipal(identity), properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The platform's consent page: the request's parameters go back with the user's decision.</summary>
    private static IResult ConsentPage(OpenIddictRequest request)
    {
        var fields = new System.Text.StringBuilder();
        foreach (var (name, value) in request.GetParameters())
        {
            fields.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(name)}\" value=\"{WebUtility.HtmlEncode((string?)value)}\">");
        }

        return Results.Content(
            $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test Platform: allow access?</title></head>
            <body><h1>Allow Switchboard to read your accounting data?</h1>
            <form method="post">{fields}<button name="decision" value="allow">Allow</button><button name="decision" value="deny">Deny</button></form>
            </body></html>
            """,
            "text/html; charset=utf-8");
    }

    private async Task<IResult> ExchangeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        // OpenIddict has already checked the code (with PKCE) or the refresh token; its principal is the grant's.
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal ?? throw new InvalidOperationException("OpenIddict validated no principal.");
        if (request.IsRefreshTokenGrantType())
        {
            _refreshes.AddOrUpdate(principal.GetClaim(Claims.Subject)!, 1, (_, n) => n + 1);
            var redeemed = _redeemed.GetOrAdd(principal.GetClaim(Claims.Subject)!, _ => []);
            lock (redeemed)
            {
                redeemed.Add(request.RefreshToken!);
            }
        }
        else
        {
            Interlocked.Increment(ref _codeExchanges);
        }

        // When the request reached the provider (before OpenIddict's own work), the closest the provider gets to when
        // Switchboard sent it, which is where Switchboard counts the token's lifetime from.
        var issued = _issued.GetOrAdd(principal.GetClaim(Claims.Subject)!, _ => []);
        lock (issued)
        {
            issued.Add((DateTime)context.Items[ArrivedAt]!);
        }

        var identity = new ClaimsIdentity(principal.Claims, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        if (!request.IsRefreshTokenGrantType() && FirstAccessTokensExpireAt is { } shared && shared <= DateTime.UtcNow)
        {
            // A token born expired would tell the test nothing it meant to ask: say so at the link, not as a refresh that never comes.
            throw new InvalidOperationException($"A code was exchanged at {DateTime.UtcNow:HH:mm:ss.fff}, after the time set for first tokens to expire ({shared:HH:mm:ss.fff}): linking took longer than the test allowed.");
        }

        // Set on every grant: OpenIddict keeps a lifetime set on the principal in the refresh token, for later grants.
        var granted = new ClaimsPrincipal(identity).SetAccessTokenLifetime(
            request.IsRefreshTokenGrantType() ? AccessTokenLifetime
            : FirstAccessTokensExpireAt is { } together ? together - DateTime.UtcNow
            : Options.FirstAccessTokenLifetime ?? AccessTokenLifetime);

        return Results.SignIn(granted, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Before OpenIddict sees a token request: counts refresh tokens presented, and plays the configured fault.</summary>
    private async Task WatchTokenEndpointAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path == "/connect/token" && HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            context.Items[ArrivedAt] = DateTime.UtcNow;
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            _clientAuthentications.Enqueue(
                context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal) ? "basic"
                : form.ContainsKey(Parameters.ClientSecret) ? "post"
                : "none");
            var refresh = form["grant_type"] == GrantTypes.RefreshToken;
            var fault = !refresh ? TokenEndpointFault
                : _nextFaults.TryDequeue(out var queued) ? queued
                : RefreshFault != OAuthProviderFault.None ? RefreshFault
                : TokenEndpointFault;
            lock (_tokenRequests)
            {
                _tokenRequests.Add(((DateTime)context.Items[ArrivedAt]!, fault));
            }

            if (refresh && fault is OAuthProviderFault.ServerError or OAuthProviderFault.TooManyRequests && RefreshAnswerDelay > TimeSpan.Zero)
            {
                await Task.Delay(RefreshAnswerDelay, CancellationToken.None);
            }

            switch (fault)
            {
                case OAuthProviderFault.ServerError:
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "server_error" }, context.RequestAborted);
                    return;
                case OAuthProviderFault.Hang:
                    // The platform never answers; the caller's timeout ends the request.
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                case OAuthProviderFault.TooManyRequests:
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "rate_limited" }, context.RequestAborted);
                    return;
            }

            if (refresh && form["refresh_token"].ToString() is { Length: > 0 } refreshToken)
            {
                _presentedRefreshTokens.AddOrUpdate(refreshToken, 1, (_, n) => n + 1);
            }

            if (refresh && RefreshAnswerDelay > TimeSpan.Zero)
            {
                await AnswerLateAsync(context, next, RefreshAnswerDelay);
                return;
            }
        }

        await next(context);
    }

    /// <summary>OpenIddict answers (redeeming the refresh token) at once; the answer is held back for <paramref name="delay"/>.</summary>
    private static async Task AnswerLateAsync(HttpContext context, RequestDelegate next, TimeSpan delay)
    {
        var body = context.Response.Body;
        using var held = new MemoryStream();
        context.Response.Body = held;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        await Task.Delay(delay, CancellationToken.None);
        held.Position = 0;
        try
        {
            await held.CopyToAsync(body, context.RequestAborted);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException)
        {
            // The caller left before the answer arrived.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
