using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Credentials;
using Switchboard.Server.Errors;
using Switchboard.Server.Integrations;
using Switchboard.Server.Persistence;

using Switchboard.Server.Telemetry;

namespace Switchboard.Server.OAuth;

/// <summary>
/// Keeps OAuth 2.0 token sets alive. A refresh is claimed first: one guarded UPDATE sets a lease on the connection's
/// row only if its token is still due and nobody holds the lease, so across every node exactly one refresh of a
/// connection runs at a time, and a refresh token is spent once. The new set is written by the lease's holder only,
/// in one statement with the rotated refresh token (a response without one keeps the old). A transient failure frees
/// the lease until a backed-off retry time; <c>invalid_grant</c> ends the access (Deauthorized, with an error entry).
/// </summary>
internal sealed partial class TokenKeeper(
    ConnectionStore connections,
    IntegrationCatalog catalog,
    TokenEndpointClient tokenEndpoint,
    CredentialProtector protector,
    SwitchboardDbContext db,
    WriteGate writeGate,
    ConnectionService lifecycle,
    PlatformPauses pauses,
    RefreshBudgets budgets,
    RefreshSchedule schedule,
    SwitchboardMetrics metrics,
    IOptions<SwitchboardOptions> options,
    TimeProvider time,
    ILogger<TokenKeeper> logger)
{
    /// <summary>How soon before expiry the <c>accessToken</c> extension refreshes first.</summary>
    public static readonly TimeSpan AccessTokenMargin = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollStep = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan NothingToRefreshWith = TimeSpan.FromMinutes(30);

    private TimeSpan LeaseLength => options.Value.Tokens.HttpTimeout + TimeSpan.FromSeconds(30);

    /// <summary>
    /// Refreshes the connection if its token expires by <paramref name="due"/> (or, unless <paramref name="onDemand"/>, its
    /// scheduled refresh time has come) and nobody else is refreshing it; whether this call refreshed it. The refresher calls it in a sending slot of the
    /// platform's budget it reserved (<see cref="RefreshBudgets"/>); an <c>accessToken</c> call
    /// (<paramref name="onDemand"/>) takes one without waiting. A <paramref name="probe"/> of a platform that stopped
    /// answering (<see cref="PlatformPauses.TryProbe"/>) is sent while the platform's other refreshes wait for it.
    /// </summary>
    public async Task<bool> TryRefreshAsync(ConnectionKey key, DateTime due, CancellationToken cancellationToken, bool onDemand = false, bool probe = false)
    {
        var owner = Guid.NewGuid().ToString("N");
        var now = time.UtcNow();
        (ConnectionEntity Connection, byte[]? Sealed, int Failures)? claimed;
        await using (var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken))
        {
            // An accessToken call refreshes only a token that expires by its due time: its schedule is the refresher's.
            claimed = await connections.ClaimRefreshAsync(work, key, owner, due, onDemand ? null : now, now, now + LeaseLength, cancellationToken);
            // A caller gone by now leaves the claim to roll back; once the commit is sent it is not cancelled, so a claim
            // that committed is always carried out (a cancelled commit may still have committed, leaving the connection
            // leased to nobody for LeaseLength).
            cancellationToken.ThrowIfCancellationRequested();
            await work.CommitAsync(CancellationToken.None);
        }

        if (claimed is not ({ } connection, { } sealedTokens, var failures))
        {
            return false;
        }

        var integration = catalog.Find(connection.IntegrationKey);
        var scope = new CredentialScope(key.Tenant.Value, key.Company.Value, key.Connection.Value);
        var held = TokenSet.FromCredentials(protector.Unprotect(sealedTokens, connection.CredentialKeyId!, scope), connection.TokenExpires);
        if (held?.RefreshToken is null || integration?.OAuth is not { TokenUrl: not null } oauth || !oauth.HasClient)
        {
            // Nothing this server can refresh with: stop looking at it until someone re-authorizes it.
            LogCannotRefresh(logger, connection.Id, connection.IntegrationKey);
            await PostponeAsync(key, owner, NothingToRefreshWith);
            return false;
        }

        if (!probe && pauses.PausedUntil(connection.IntegrationKey, time.UtcNow()) is { } pause)
        {
            // The platform asked this node to wait, or does not answer: not tried, so not a failure of this connection.
            await PostponeAsync(key, owner, pause.Until - time.UtcNow(), failed: false);
            metrics.TokenRefreshPutOff(connection.IntegrationKey, pause.Reason);
            return false;
        }

        if (onDemand)
        {
            budgets.Spend(connection.IntegrationKey, time.UtcNow());
        }

        // Once sent, not cancelled (by a stopping node, or an accessToken caller that went away): the platform may rotate
        // the refresh token, spending the one held, and only its answer holds the new one. HttpTimeout bounds the wait.
        var result = await tokenEndpoint.RefreshAsync(oauth, held.RefreshToken, CancellationToken.None);
        metrics.TokenRefreshed(connection.IntegrationKey, result.Tokens is not null);
        ReportToBreaker(connection.IntegrationKey, result, probe);
        if (result.Tokens is { } refreshed)
        {
            // Not cancelled either: the write is one statement, bounded by the database's command timeout.
            var next = held.After(refreshed);
            var resealed = new SealedCredentials(protector.Protect(next.ToCredentials(), scope), protector.CurrentKeyId, next.KeyNames);
            await using var work = await UnitOfWork.BeginAsync(db, writeGate, CancellationToken.None);
            var stored = await connections.CompleteRefreshAsync(
                work, key, owner, resealed, next.ExpiresAt, schedule.RefreshAt(next.ExpiresAt, time.UtcNow()), CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
            LogRefreshed(logger, connection.Id, connection.IntegrationKey, stored);
            return stored;
        }

        if (result.Failure == TokenFailure.InvalidGrant)
        {
            await DeauthorizeAsync(key, $"{connection.PlatformName} no longer accepts this connection's authorization: {result.Message}");
            LogDeauthorized(logger, connection.Id, connection.IntegrationKey, result.Message);
            return false;
        }

        var backoff = RetryWait(failures, result.RetryAfter);
        if (result.RetryAfter is not null)
        {
            // Asked of the client app, not of this connection: the platform's other refreshes wait as long (the backoff's
            // first step at least, never more than its cap), however many failures each has had.
            var asked = RetryWait(0, result.RetryAfter);
            pauses.Pause(connection.IntegrationKey, time.UtcNow() + asked);
            LogPlatformPaused(logger, connection.IntegrationKey, asked);
        }

        await PostponeAsync(key, owner, backoff);
        LogRefreshFailed(logger, connection.Id, connection.IntegrationKey, result.Message, failures + 1, backoff);
        return false;
    }

    /// <summary>
    /// Tells the platform's breaker how its token endpoint did: any answer of its own (tokens, a refusal, a
    /// <c>Retry-After</c>) shows it up; a timeout, an unreachable endpoint or a bare 5xx counts towards a break.
    /// </summary>
    private void ReportToBreaker(string platformKey, TokenResult result, bool probe)
    {
        if (result.Failure == TokenFailure.Transient && result.RetryAfter is null)
        {
            if (pauses.Unanswered(platformKey, time.UtcNow(), probe) is { } pause)
            {
                LogPlatformUnavailable(logger, platformKey, probe ? "the refresh sent to try it failed too" : $"{PlatformPauses.BreakAfter} refreshes in a row got no answer", pause);
            }
        }
        else if (pauses.Answered(platformKey))
        {
            LogPlatformAnswers(logger, platformKey);
        }
    }

    /// <summary>
    /// How long to leave a failing refresh alone: <see cref="TokenOptions.RetryBackoff"/> after the first failure, doubled
    /// for each further one in a row, or the platform's <c>Retry-After</c> when that is longer; never more than
    /// <see cref="TokenOptions.MaxRetryBackoff"/>, so a platform asking for days cannot leave a token to expire unrefreshed.
    /// </summary>
    private TimeSpan RetryWait(int failuresBefore, TimeSpan? retryAfter)
    {
        var tokens = options.Value.Tokens;
        var doubled = tokens.RetryBackoff * Math.Pow(2, Math.Min(failuresBefore, 20));
        var wait = retryAfter is { } asked && asked > doubled ? asked : doubled;
        return wait < tokens.MaxRetryBackoff ? wait : tokens.MaxRetryBackoff;
    }

    /// <summary>
    /// The connection's current access token for the <c>accessToken</c> extension, refreshed first when it expires within
    /// <see cref="AccessTokenMargin"/>; a refresh already running on any node is waited for, not repeated.
    /// </summary>
    public async Task<AccessToken> GetAccessTokenAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var deadline = time.UtcNow() + options.Value.Tokens.HttpTimeout + TimeSpan.FromSeconds(5);
        var refreshed = false;
        DateTime? firstSeen = null;
        while (true)
        {
            var (connection, sealedTokens) = await connections.FindWithCredentialsAsync(key, cancellationToken) ?? throw ApiException.NotFound(ConnectionService.NotFoundMessage);
            if (connection.Status != DataConnectionStatus.Linked)
            {
                throw ApiException.Conflict($"Only a Linked connection has an access token; this connection is {connection.Status}.");
            }

            var tokens = sealedTokens is null ? null : TokenSet.FromCredentials(
                protector.Unprotect(sealedTokens, connection.CredentialKeyId!, new CredentialScope(key.Tenant.Value, key.Company.Value, key.Connection.Value)),
                connection.TokenExpires);
            if (tokens is null)
            {
                throw ApiException.Conflict($"This connection was authorized without an OAuth 2.0 access token ({connection.PlatformName} takes {string.Join(", ", connection.AuthorizationKeys)}).");
            }

            var now = time.UtcNow();
            var due = now + AccessTokenMargin;
            // Refreshed here, or by whoever held the lease while this call waited (its expiry moved): either way, fresh.
            var refreshedElsewhere = firstSeen is not null && connection.TokenExpires != firstSeen;
            firstSeen ??= connection.TokenExpires;
            // A platform this node leaves alone (it asked to wait, or stopped answering) is not waited for: the token held
            // is answered while it lasts.
            var pause = pauses.PausedUntil(connection.IntegrationKey, now);
            if (connection.TokenExpires is not { } expires || expires > due || refreshed || refreshedElsewhere || now >= deadline || pause is not null)
            {
                if (connection.TokenExpires <= now && !refreshed && !refreshedElsewhere)
                {
                    // Waited out the platform (its token endpoint failing or throttled) and the token has expired:
                    // an expired token answered as a success would only fail at the platform.
                    var retryAfter = pause is { } p ? (int)Math.Ceiling((p.Until - now).TotalSeconds) : 5;
                    throw ApiException.ServiceUnavailable(
                        $"{connection.PlatformName} did not refresh this connection's access token in time, and the one held has expired. Try again shortly.", retryAfter);
                }

                return new AccessToken
                {
                    Token = tokens.AccessToken,
                    TokenType = tokens.TokenType,
                    ExpiresAt = tokens.ExpiresAt,
                    Scopes = tokens.Scopes?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
                    ConnectionInfo = Connections.ConnectionInfo.For(connection),
                };
            }

            // Refresh it here, or wait for whoever holds the lease (another request, the refresher, another node). After a
            // break of a platform that stopped answering, this is the one refresh sent to try it; the calls meanwhile
            // find it paused (above) and are answered the token held.
            var probe = pauses.TryProbe(connection.IntegrationKey, now);
            try
            {
                refreshed = await TryRefreshAsync(key, due, cancellationToken, onDemand: true, probe: probe is not null);
            }
            finally
            {
                if (probe is { } sent)
                {
                    pauses.EndProbe(connection.IntegrationKey, sent);
                }
            }

            if (!refreshed)
            {
                await Task.Delay(PollStep, time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Puts off a due refresh that was not claimed to <paramref name="until"/> (its platform's budget is spent, or it
    /// asked to wait: <paramref name="reason"/> <c>rate</c> or <c>paused</c>); no failure is counted, and no lease held.
    /// </summary>
    public async Task PutOffAsync(DueRefresh refresh, DateTime until, string reason, CancellationToken cancellationToken)
    {
        await using (var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken))
        {
            await connections.PutOffRefreshAsync(work, refresh.Key, time.UtcNow(), until, cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        metrics.TokenRefreshPutOff(refresh.PlatformKey, reason);
    }

    // What became of a claimed refresh is always written, however the caller fares (it left, or the node is stopping):
    // otherwise its lease would hold the connection until LeaseLength. One statement, bounded by the command timeout.
    private async Task PostponeAsync(ConnectionKey key, string owner, TimeSpan wait, bool failed = true)
    {
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, CancellationToken.None);
        await connections.PostponeRefreshAsync(work, key, owner, time.UtcNow() + wait, CancellationToken.None, failed);
        await work.CommitAsync(CancellationToken.None);
    }

    /// <summary>The platform refused the grant: the connection loses its authorization, as any revocation does.</summary>
    private async Task DeauthorizeAsync(ConnectionKey key, string reason)
    {
        try
        {
            // Uncancelled, as PostponeAsync: the platform has said the grant is gone.
            await lifecycle.DeauthorizeAsync(key, reason, CancellationToken.None);
        }
        catch (ApiException gone) when (gone.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status409Conflict)
        {
            // Deleted, unlinked or re-authorized meanwhile: nothing is left to take away.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Key}'s token endpoint does not answer ({Why}): this node sends it no refresh for {Pause}, then one to try it")]
    private static partial void LogPlatformUnavailable(ILogger logger, string key, string why, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Key}'s token endpoint answers again: its refreshes go out as they come due")]
    private static partial void LogPlatformAnswers(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Key}'s token endpoint asked to wait: this node sends it no refresh for {Pause}")]
    private static partial void LogPlatformPaused(ILogger logger, string key, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refreshed the access token of connection {ConnectionId} ({Key}); stored: {Stored}")]
    private static partial void LogRefreshed(ILogger logger, Guid connectionId, string key, bool stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} ({Key}) is Deauthorized: {Reason}")]
    private static partial void LogDeauthorized(ILogger logger, Guid connectionId, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the access token of connection {ConnectionId} ({Key}) failed ({Failures} in a row), to be retried in {RetryIn}: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, Guid connectionId, string key, string reason, int failures, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The access token of connection {ConnectionId} ({Key}) cannot be refreshed: it has no refresh token, or its integration has no OAuth 2.0 client and token URL")]
    private static partial void LogCannotRefresh(ILogger logger, Guid connectionId, string key);
}
