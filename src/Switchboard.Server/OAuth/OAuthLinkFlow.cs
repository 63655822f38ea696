using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Credentials;
using Switchboard.Server.Integrations;
using Switchboard.Server.Link;
using Switchboard.Server.Persistence;

using Switchboard.Server.Webhooks;

using Switchboard.Server.Errors;

namespace Switchboard.Server.OAuth;

/// <summary>
/// The OAuth 2.0 authorization code flow with PKCE S256 (RFC 6749 §4.1, RFC 7636) behind a link. <see cref="BeginAsync"/>
/// records the authorization in progress and gives the platform's authorize URL; the platform sends the end user back
/// to <c>{PublicBaseUrl}/link/callback</c>, where <see cref="CompleteAsync(string?, string?, string?, CancellationToken)"/>
/// checks the state, exchanges the code and links the connection. The state is 32 random bytes and an HMAC tag (a
/// forged one is refused before the database is asked), stored only as its SHA-256, deleted when used and short-lived.
/// The PKCE verifier is derived from the state by a second HMAC, so it is never stored anywhere.
/// </summary>
internal sealed partial class OAuthLinkFlow(
    IntegrationCatalog catalog,
    ConnectionStore connections,
    ConnectionService lifecycle,
    LinkSession session,
    WebhookOutbox events,
    OAuthStateStore states,
    TokenEndpointClient tokenEndpoint,
    CredentialProtector protector,
    SwitchboardDbContext db,
    WriteGate writeGate,
    PublicUrls urls,
    OAuthKeys keys,
    IOptions<SwitchboardOptions> options,
    TimeProvider time,
    ILogger<OAuthLinkFlow> logger)
{
    public const string CancelledMessage = "User cancelled.";

    /// <summary>How many of a link URL's own query parameters are kept for the redirect after the platform's consent.</summary>
    public const int MaxCustomPlaceholders = 20;
    public const string UnknownErrorMessage = "Unknown error occurred.";

    /// <summary>What the end user is told after a failed attempt: the link was not spent (its authorization version stays).</summary>
    private const string TryAgain = "Nothing was changed; you can go back to your link and try again.";
    private const int NonceSize = 32;
    private const int TagSize = 16;

    /// <summary>The redirect URI operators register at each platform.</summary>
    public string RedirectUri => $"{urls.BaseUrl}/link/callback";

    /// <summary>
    /// Why <paramref name="integration"/> cannot be linked through its platform's consent, in words for the end user
    /// (the log tells the operator what to set); null when it can.
    /// </summary>
    public LinkRefusal? RefusalFor(IntegrationDefinition integration)
    {
        if (integration.CanLinkThroughOAuth)
        {
            return null;
        }

        LogNoClient(logger, integration.Name, integration.Key);
        return new LinkRefusal(StatusCodes.Status501NotImplemented, "Not available yet",
            $"{integration.Name} cannot be connected from this page yet: the service that sent you this link has not finished setting up its connection to {integration.Name}. Please let them know.");
    }

    /// <summary>The platform's authorize URL for an opened link, with a fresh single-use state and a PKCE challenge.</summary>
    public Task<Uri> BeginAsync(OpenedLink link, CancellationToken cancellationToken) =>
        BeginAsync(link, new Dictionary<string, string>(), cancellationToken);

    /// <summary>
    /// The platform's authorize URL for an opened link; <paramref name="custom"/> (the link URL's own query parameters,
    /// at most <see cref="MaxCustomPlaceholders"/> of them) comes back with the callback, for the tenant's redirect.
    /// </summary>
    public async Task<Uri> BeginAsync(OpenedLink link, IReadOnlyDictionary<string, string> custom, CancellationToken cancellationToken)
    {
        var integration = link.Integration ?? throw new ArgumentException("The link was refused.", nameof(link));
        var oauth = integration.CanLinkThroughOAuth ? integration.OAuth! : throw new InvalidOperationException($"{integration.Key} has no OAuth 2.0 client.");
        var state = NewState();
        var now = time.UtcNow();
        await using (var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken))
        {
            var kept = custom.Where(p => p.Key.Length <= 64 && p.Value.Length <= 1024).Take(MaxCustomPlaceholders).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var pending = new PendingAuthorization(link.Claims!.Connection, link.Claims.AuthorizationVersion, now + options.Value.Tokens.StateLifetime, kept);
            await states.AddAsync(work, StateId(state), pending, now, cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["response_type"] = "code",
            ["client_id"] = oauth.ClientId,
            ["redirect_uri"] = RedirectUri,
            ["state"] = state,
            ["code_challenge"] = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier(state)))),
            ["code_challenge_method"] = "S256",
        };
        if (oauth.Scopes.Count > 0)
        {
            query["scope"] = string.Join(' ', oauth.Scopes);
        }

        foreach (var (name, value) in oauth.ExtraAuthorizeParameters)
        {
            query.TryAdd(name, value);
        }

        return new Uri(QueryHelpers.AddQueryString(oauth.AuthorizeUrl!.AbsoluteUri, query));
    }

    public async Task<LinkOutcome> CompleteAsync(string? state, string? code, string? error, CancellationToken cancellationToken) =>
        (await CompleteAsync(state, code, error, realmId: null, cancellationToken)).Outcome;

    /// <summary>The callback: checks the state, then links the connection with the token set the code is exchanged for.</summary>
    public async Task<OAuthCompletion> CompleteAsync(string? state, string? code, string? error, string? realmId, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> custom = new Dictionary<string, string>();
        var outcome = await CompleteAsync(state, code, error, realmId, pending => custom = pending.Custom, cancellationToken);
        return new OAuthCompletion(outcome, custom);
    }

    private async Task<LinkOutcome> CompleteAsync(
        string? state, string? code, string? error, string? realmId, Action<PendingAuthorization> taken, CancellationToken cancellationToken)
    {
        if (!IsGenuine(state))
        {
            LogBadState(logger);
            return new LinkOutcome(LinkResult.Failed, null, "This sign-in could not be checked: it did not start here. Go back to your link and start again.");
        }

        PendingAuthorization? pending;
        await using (var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken))
        {
            // Spent now, whatever happens next: a state is used once.
            pending = await states.TakeAsync(work, StateId(state!), cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        if (pending is null)
        {
            // Used already, or removed a day after it expired: no connection to speak of.
            LogSpentState(logger);
            return new LinkOutcome(LinkResult.Failed, null, "This sign-in has already been used or has expired. Go back to your link and start again.");
        }

        taken(pending);

        var connection = await connections.FindAsync(pending.Connection, cancellationToken);
        var integration = connection is null ? null : catalog.Find(connection.IntegrationKey);
        if (connection is null || integration is null)
        {
            return new LinkOutcome(LinkResult.Failed, null, LinkSession.NotValid.Message);
        }

        if (connection.Status == DataConnectionStatus.Linked)
        {
            return new LinkOutcome(LinkResult.NothingToDo, connection, $"{integration.Name} is already connected. Nothing needs to be done.");
        }

        if (connection.AuthorizationVersion != pending.AuthorizationVersion)
        {
            // Connected or disconnected by another path since this sign-in began: its link is spent.
            return new LinkOutcome(LinkResult.Spent, connection, LinkSession.Spent.Message);
        }

        if (pending.Expires <= time.UtcNow())
        {
            // The end user took longer than the state may live: whatever the platform sent is not used, but the
            // connection is known, so the attempt is recorded on it like any other that failed.
            LogExpiredState(logger, connection.Id, integration.Key);
            return await FailAsync(pending, connection, LinkResult.Expired, "408", "Request Timeout",
                $"The sign-in at {integration.Name} took longer than the {options.Value.Tokens.StateLifetime:c} a sign-in may take, so its answer was not used.",
                $"Signing in at {integration.Name} took too long, so it is not connected. Nothing was changed; go back to your link and start again.", cancellationToken);
        }

        if (!string.IsNullOrEmpty(error))
        {
            var denied = error == "access_denied";
            LogPlatformError(logger, connection.Id, integration.Key, Echo.Shorten(error));
            return denied
                ? await FailAsync(pending, connection, LinkResult.Cancelled, "403", CancelledMessage, $"Consent at {integration.Name} was cancelled or denied.", $"You did not give consent at {integration.Name}, so it is not connected. Nothing was changed.", cancellationToken)
                : await FailAsync(pending, connection, LinkResult.Failed, "500", UnknownErrorMessage, $"{integration.Name} refused the authorization ({Echo.Shorten(error)}).", $"{integration.Name} did not complete the connection. {TryAgain}", cancellationToken);
        }

        if (string.IsNullOrEmpty(code) || !integration.CanLinkThroughOAuth)
        {
            return await FailAsync(pending, connection, LinkResult.Failed, "500", UnknownErrorMessage, $"{integration.Name} returned without an authorization code.",
                $"{integration.Name} did not complete the connection. {TryAgain}", cancellationToken);
        }

        var oauth = integration.OAuth!;
        var result = await tokenEndpoint.ExchangeCodeAsync(oauth, code, Verifier(state!), RedirectUri, cancellationToken);
        if (result.Tokens is not { } tokens)
        {
            LogExchangeFailed(logger, connection.Id, integration.Key, result.Message);
            return await FailAsync(pending, connection, LinkResult.Failed, "500", UnknownErrorMessage, result.Message,
                $"{integration.Name} did not complete the connection ({result.Message}) {TryAgain}", cancellationToken);
        }

        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(realmId))
        {
            info["realmId"] = Echo.Shorten(realmId);
        }

        if (oauth.TenantsUrl is { } tenantsUrl)
        {
            // A Xero connection without a tenant id reaches no organisation (every API call names one), so a lookup that
            // fails, or finds none shared, fails the link as a token endpoint error does: connection unchanged, an error
            // entry, a page that says to try again.
            var (tenantIds, failure) = await tokenEndpoint.TenantIdsAsync(tenantsUrl, tokens.AccessToken, cancellationToken);
            if (tenantIds is not { Count: > 0 })
            {
                var reason = failure ?? "no organisation was shared.";
                LogTenantsFailed(logger, connection.Id, integration.Key, reason);
                return await FailAsync(pending, connection, LinkResult.Failed, "500", UnknownErrorMessage, $"{integration.Name} was authorized, but {reason}",
                    failure is null
                        ? $"No {integration.Name} organisation was shared, so there is nothing to connect. Nothing was changed; you can go back to your link, try again and choose an organisation."
                        : $"{integration.Name} was authorized, but its list of organisations could not be read. {TryAgain}",
                    cancellationToken);
            }

            info["tenantIds"] = string.Join(",", tenantIds);
        }

        var key = pending.Connection;
        var sealedTokens = new SealedCredentials(
            protector.Protect(tokens.ToCredentials(), new CredentialScope(key.Tenant.Value, key.Company.Value, key.Connection.Value)),
            protector.CurrentKeyId,
            tokens.KeyNames);
        try
        {
            // Through the lifecycle, like any authorization: the one-of-a-kind rule, the authorization version the link
            // found, the event.
            var linked = await lifecycle.AuthorizeSealedAsync(
                key, integration, sealedTokens, VersionGuard.Authorization(pending.AuthorizationVersion), cancellationToken, tokens.ExpiresAt, info);
            LogLinked(logger, linked.Id, integration.Key);
            return new LinkOutcome(LinkResult.Linked, linked, $"{integration.Name} is connected. You can close this page.");
        }
        catch (ApiException refused) when (refused.StatusCode == StatusCodes.Status409Conflict)
        {
            // Another connection of this kind was linked meanwhile: say which, in the end user's words.
            var message = await session.FindLinkedRivalAsync(connection, cancellationToken) is { } rival
                ? LinkSession.OneOfAKind(integration, rival).Message
                : refused.Message;
            // A failed link attempt like the others: an error entry on the connection, and connection.failed.
            return await FailAsync(pending, connection, LinkResult.Failed, "409", "Conflict", message, message, cancellationToken);
        }
        catch (ApiException refused) when (refused.StatusCode is StatusCodes.Status412PreconditionFailed or StatusCodes.Status404NotFound)
        {
            return new LinkOutcome(LinkResult.Spent, connection, LinkSession.Spent.Message);
        }
    }

    private async Task<LinkOutcome> FailAsync(
        PendingAuthorization pending, ConnectionEntity connection, LinkResult result, string statusCode, string statusText, string recorded, string shown, CancellationToken cancellationToken)
    {
        var error = new DataConnectionErrorRecord
        {
            StatusCode = statusCode,
            StatusText = statusText,
            ErrorMessage = DataConnectionErrorRecord.Capped(recorded),
            ErroredOnUtc = time.UtcNow(),
        };
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await connections.LockAsync(work, pending.Connection, cancellationToken);
        var current = await connections.FindAsync(work, pending.Connection, cancellationToken);
        var recordedOn = current is null ? null : await connections.RecordErrorAsync(work, pending.Connection, pending.AuthorizationVersion, current.Errors, error, error.ErroredOnUtc, cancellationToken);
        if (recordedOn is not null)
        {
            await events.ConnectionFailedAsync(work, recordedOn, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return new LinkOutcome(result, recordedOn ?? connection, shown);
    }

    private string NewState()
    {
        Span<byte> state = stackalloc byte[NonceSize + TagSize];
        RandomNumberGenerator.Fill(state[..NonceSize]);
        Span<byte> tag = stackalloc byte[32];
        HMACSHA256.HashData(keys.State, state[..NonceSize], tag);
        tag[..TagSize].CopyTo(state[NonceSize..]);
        return WebEncoders.Base64UrlEncode(state);
    }

    private bool IsGenuine(string? state)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 100)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(state);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length != NonceSize + TagSize)
        {
            return false;
        }

        Span<byte> tag = stackalloc byte[32];
        HMACSHA256.HashData(keys.State, bytes.AsSpan(0, NonceSize), tag);
        return CryptographicOperations.FixedTimeEquals(tag[..TagSize], bytes.AsSpan(NonceSize));
    }

    private static string StateId(string state) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(state)));

    private string Verifier(string state) => WebEncoders.Base64UrlEncode(HMACSHA256.HashData(keys.Verifier, Encoding.ASCII.GetBytes(state)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Linking connection {ConnectionId} ({Integration}) failed after the code exchange: {Reason}")]
    private static partial void LogTenantsFailed(ILogger logger, Guid connectionId, string integration, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Integration} ({Key}) is an OAuth2 integration without a client, so its links cannot be completed: register an app at the platform with the redirect URI {{PublicBaseUrl}}/link/callback and set Switchboard__Integrations__{Key}__OAuth__ClientId and Switchboard__Integrations__{Key}__OAuth__ClientSecret (or __ClientSecretFile)")]
    private static partial void LogNoClient(ILogger logger, string integration, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth callback refused: its state was not issued by this server")]
    private static partial void LogBadState(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth callback refused: its state was already used, or removed a day after it expired")]
    private static partial void LogSpentState(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "OAuth authorization of connection {ConnectionId} ({Key}) came back after its state expired (Switchboard:Tokens:StateLifetime)")]
    private static partial void LogExpiredState(ILogger logger, Guid connectionId, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "OAuth authorization of connection {ConnectionId} ({Key}) ended at the platform with {Error}")]
    private static partial void LogPlatformError(ILogger logger, Guid connectionId, string key, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth code exchange for connection {ConnectionId} ({Key}) failed: {Reason}")]
    private static partial void LogExchangeFailed(ILogger logger, Guid connectionId, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {ConnectionId} ({Key}) linked through OAuth 2.0")]
    private static partial void LogLinked(ILogger logger, Guid connectionId, string key);
}
