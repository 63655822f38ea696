using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Common;
using Switchboard.Server.Integrations;

namespace Switchboard.Server.OAuth;

/// <summary>
/// Talks to a platform's token endpoint (RFC 6749 §4.1.3 and §6) through <see cref="IHttpClientFactory"/>, with the
/// configured timeout. No retries here: an authorization code and a refresh token may each be spent by one call, so a
/// blind retry could spend one twice; the refresher decides when to try again. Nothing it says contains a token.
/// </summary>
internal sealed class TokenEndpointClient(IHttpClientFactory clients, TimeProvider time)
{
    public const string HttpClientName = "Switchboard.OAuth";

    public Task<TokenResult> ExchangeCodeAsync(OAuthDefinition oauth, string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken) =>
        CallAsync(oauth, [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri), new("code_verifier", codeVerifier)], cancellationToken);

    public Task<TokenResult> RefreshAsync(OAuthDefinition oauth, string refreshToken, CancellationToken cancellationToken) =>
        CallAsync(oauth, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken);

    /// <summary>
    /// The tenant ids <paramref name="tenantsUrl"/> lists for a new access token (Xero's connections endpoint: a JSON
    /// array of objects with <c>tenantId</c>; https://developer.xero.com/documentation/guides/oauth2/auth-flow, step 5),
    /// or why they could not be read. The answer is never echoed: it is the platform's.
    /// </summary>
    public async Task<(IReadOnlyList<string>? TenantIds, string? Failure)> TenantIdsAsync(Uri tenantsUrl, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, tenantsUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"its list of organisations answered HTTP {(int)response.StatusCode}.");
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return (null, "its list of organisations was not a JSON array.");
            }

            return ([.. document.RootElement.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("tenantId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
                .OfType<string>()
                .Select(id => Echo.Shorten(id))], null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "its list of organisations did not answer in time.");
        }
        catch (HttpRequestException error)
        {
            return (null, $"its list of organisations could not be reached ({error.HttpRequestError}).");
        }
        catch (JsonException)
        {
            return (null, "its list of organisations was not JSON.");
        }
    }

    private async Task<TokenResult> CallAsync(OAuthDefinition oauth, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, oauth.TokenUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (oauth.ClientAuthentication == ClientAuthentication.Basic)
        {
            // RFC 6749 §2.3.1: each part form-encoded before they are joined.
            var pair = $"{Uri.EscapeDataString(oauth.ClientId ?? "")}:{Uri.EscapeDataString(oauth.ClientSecret ?? "")}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        else
        {
            form.Add(new("client_id", oauth.ClientId ?? ""));
            form.Add(new("client_secret", oauth.ClientSecret ?? ""));
        }

        request.Content = new FormUrlEncodedContent(form);
        var requested = time.UtcNow();
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TokenResult.Failed(TokenFailure.Transient, "The platform's token endpoint did not answer in time.");
        }
        catch (HttpRequestException error)
        {
            return TokenResult.Failed(TokenFailure.Transient, $"The platform's token endpoint could not be reached ({error.HttpRequestError}).");
        }

        using (response)
        {
            JsonElement body;
            try
            {
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                body = default;
            }
            catch (HttpRequestException)
            {
                return TokenResult.Failed(TokenFailure.Transient, "The platform's token endpoint broke off its answer.");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return TokenResult.Failed(TokenFailure.Transient, "The platform's token endpoint did not answer in time.");
            }

            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var error = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                // Only the standard error code is repeated: a platform's error_description could echo what it was sent.
                var said = error is null ? $"HTTP {status}" : $"HTTP {status}, {Common.Echo.Shorten(error)}";
                if (error == "invalid_grant")
                {
                    return TokenResult.Failed(TokenFailure.InvalidGrant, $"The platform no longer accepts this authorization ({said}).");
                }

                return status is >= 500 or (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.RequestTimeout
                    ? TokenResult.Failed(TokenFailure.Transient, $"The platform's token endpoint failed ({said}).", RetryAfter(response, time.UtcNow()))
                    : TokenResult.Failed(TokenFailure.Rejected, $"The platform's token endpoint refused the request ({said}).");
            }

            return Read(body, requested) is { } tokens
                ? new TokenResult(tokens, TokenFailure.None, "")
                : TokenResult.Failed(TokenFailure.Rejected, "The platform's token endpoint answered without an access token.");
        }
    }

    /// <summary>How long the answer (typically a 429 or 503) asks the caller to wait (RFC 9110 §10.2.3: seconds, or an HTTP date), if it says.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTime now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date.UtcDateTime > now ? date.UtcDateTime - now : TimeSpan.Zero,
        _ => null,
    };

    private static TokenSet? Read(JsonElement body, DateTime requested)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("access_token", out var access) || access.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(access.GetString()))
        {
            return null;
        }

        // expires_in counts from when the platform answered; counting from when it was asked errs on the early side.
        DateTime? expires = body.TryGetProperty("expires_in", out var seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt64(out var s)
            ? requested.AddSeconds(s)
            : body.TryGetProperty("expires_in", out seconds) && seconds.ValueKind == JsonValueKind.String && long.TryParse(seconds.GetString(), out s)
                ? requested.AddSeconds(s)
                : null;
        return new TokenSet(
            access.GetString()!,
            String(body, "refresh_token"),
            String(body, "token_type") ?? "Bearer",
            expires,
            String(body, "scope"));
    }

    private static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(value.GetString()) ? value.GetString() : null;
}
