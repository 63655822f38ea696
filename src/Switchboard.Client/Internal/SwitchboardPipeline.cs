using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Switchboard.Client.Internal;

/// <summary>
/// Sends the client's requests: authentication, idempotency keys, per-try timeouts and retries.
/// </summary>
internal sealed class SwitchboardPipeline
{
    internal const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly string UserAgent =
        $"Switchboard.Client/{typeof(SwitchboardPipeline).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";

    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly string? _authorization;
    private readonly RetryConfig _retries;
    private readonly TimeSpan? _timeout;
    private readonly bool _sendIdempotencyKeys;

    public SwitchboardPipeline(HttpClient http, SwitchboardClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.BaseUri, "options.BaseUri");
        ArgumentNullException.ThrowIfNull(options.RetryConfig, "options.RetryConfig");
        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
        if (!options.BaseUri.IsAbsoluteUri || (options.BaseUri.Scheme != Uri.UriSchemeHttp && options.BaseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"BaseUri must be an absolute http or https address, not '{options.BaseUri}'.", nameof(options));
        }

        if (options.ApiKey is not null && options.AuthHeader is not null)
        {
            throw new ArgumentException("Set ApiKey or AuthHeader, not both.", nameof(options));
        }

        options.RetryConfig.Validate();
        ValidateTimeout(options.Timeout, "options.Timeout");

        _http = http;
        // A base without a trailing slash would lose its last path segment when combined.
        var baseText = options.BaseUri.GetLeftPart(UriPartial.Path);
        _baseUri = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/", UriKind.Absolute);
        _authorization = options.AuthHeader
            ?? (options.ApiKey is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(options.ApiKey)));
        _retries = options.RetryConfig;
        _timeout = options.Timeout;
        _sendIdempotencyKeys = options.SendIdempotencyKeys;
        TimeProvider = options.TimeProvider;
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>Serializes a request body with the source-generated metadata.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <summary>
    /// Sends a request, retrying as <paramref name="retries"/> (or the client's default) says, and
    /// returns the last response, whatever its status. Throws <see cref="HttpRequestException"/> when
    /// the server could not be reached, <see cref="TimeoutException"/> when the last try timed out, and
    /// <see cref="OperationCanceledException"/> as soon as <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string relativeUri,
        byte[]? jsonBody,
        RetryConfig? retries,
        RequestOptions? options,
        CancellationToken cancellationToken)
    {
        var policy = retries ?? _retries;
        policy.Validate();
        var timeout = options?.Timeout ?? _timeout;
        ValidateTimeout(timeout, "options.Timeout");
        cancellationToken.ThrowIfCancellationRequested();

        var uri = new Uri(_baseUri, relativeUri);
        var idempotencyKey = IdempotencyKeyFor(method, options);
        // Retrying a POST or PATCH could act twice, unless the server can recognise the repeat by its key.
        var safeToRetry = !NeedsIdempotencyKey(method) || idempotencyKey is not null;
        var backoff = policy.Backoff;
        var started = TimeProvider.GetTimestamp();

        for (var retry = 0; ; retry++)
        {
            using var request = CreateRequest(method, uri, jsonBody, idempotencyKey, options);
            HttpResponseMessage? response = null;
            ExceptionDispatchInfo? failure = null;
            try
            {
                response = await SendOnceAsync(request, timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            catch (TimeoutException ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            var retryable = response is null ? policy.RetryConnectionErrors : IsRetryableStatus((int)response.StatusCode);
            if (policy.Strategy == RetryStrategy.None || !safeToRetry || !retryable)
            {
                return Finish(response, failure);
            }

            var delay = RetryAfterDelay(response, TimeProvider.GetUtcNow(), backoff.MaxInterval)
                ?? BackoffDelay(backoff, retry, Random.Shared.NextDouble());
            if (TimeProvider.GetElapsedTime(started) + delay > backoff.MaxElapsedTime)
            {
                return Finish(response, failure);
            }

            response?.Dispose();
            await Task.Delay(delay, TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a response status is worth another try: 408, 429 and 5XX.</summary>
    internal static bool IsRetryableStatus(int statusCode) => statusCode is 408 or 429 or (>= 500 and <= 599);

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (from 0): <c>initial × exponent^retry</c>,
    /// capped by the max interval, then varied by ±jitter (and capped again).
    /// </summary>
    /// <param name="backoff">The settings.</param>
    /// <param name="retry">How many retries came before this one.</param>
    /// <param name="random">A number in [0, 1) that picks the jitter.</param>
    internal static TimeSpan BackoffDelay(BackoffStrategy backoff, int retry, double random)
    {
        var max = backoff.MaxInterval.TotalMilliseconds;
        var interval = Math.Min(backoff.InitialInterval.TotalMilliseconds * Math.Pow(backoff.Exponent, retry), max);
        var jittered = interval * (1 + (backoff.Jitter * ((2 * random) - 1)));
        return TimeSpan.FromMilliseconds(Math.Clamp(jittered, 0, max));
    }

    /// <summary>The wait a <c>Retry-After</c> header asks for (seconds or an HTTP date), capped by <paramref name="max"/>.</summary>
    internal static TimeSpan? RetryAfterDelay(HttpResponseMessage? response, DateTimeOffset now, TimeSpan max)
    {
        var retryAfter = response?.Headers.RetryAfter;
        TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - now : null);
        if (wait is null)
        {
            return null;
        }

        return wait.Value < TimeSpan.Zero ? TimeSpan.Zero : wait.Value > max ? max : wait.Value;
    }

    private static bool NeedsIdempotencyKey(HttpMethod method) => method == HttpMethod.Post || method == HttpMethod.Patch;

    private static void ValidateTimeout(TimeSpan? timeout, string name)
    {
        if (timeout is { } value && value != Timeout.InfiniteTimeSpan && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timeout must be positive or Timeout.InfiniteTimeSpan.");
        }
    }

    private static HttpResponseMessage Finish(HttpResponseMessage? response, ExceptionDispatchInfo? failure)
    {
        failure?.Throw();
        return response!;
    }

    private string? IdempotencyKeyFor(HttpMethod method, RequestOptions? options)
    {
        if (!NeedsIdempotencyKey(method))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(options?.IdempotencyKey))
        {
            return options.IdempotencyKey;
        }

        if (options is not null && options.Headers.TryGetValue(IdempotencyKeyHeader, out var fromHeaders) && !string.IsNullOrEmpty(fromHeaders))
        {
            return fromHeaders;
        }

        return _sendIdempotencyKeys ? Guid.NewGuid().ToString() : null;
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? jsonBody, string? idempotencyKey, RequestOptions? options)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (_authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }

        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        foreach (var (name, value) in options?.Headers ?? new Dictionary<string, string>())
        {
            if (string.Equals(name, IdempotencyKeyHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            request.Headers.Remove(name);
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is not null)
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limited = timeout is { } t && t != Timeout.InfiniteTimeSpan;
        using var timeoutSource = limited ? new CancellationTokenSource(timeout!.Value, TimeProvider) : null;
        using var linked = timeoutSource is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked?.Token ?? cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // Report the caller's own token, not the linked one, so callers can tell their cancellation apart.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested
            && (timeoutSource?.IsCancellationRequested == true || ex.InnerException is TimeoutException))
        {
            // Our own limit, or HttpClient.Timeout (which HttpClient reports as a cancellation wrapping a TimeoutException).
            var limit = timeoutSource?.IsCancellationRequested == true ? timeout!.Value : _http.Timeout;
            throw new TimeoutException(
                $"The request {request.Method} {request.RequestUri?.AbsolutePath} did not complete within {limit.TotalSeconds:0.###} s.", ex);
        }
    }
}
