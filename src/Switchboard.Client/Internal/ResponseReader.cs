using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Switchboard.Client.Models;

namespace Switchboard.Client.Internal;

/// <summary>
/// Turns responses into typed bodies, or into the client's exceptions.
/// </summary>
internal static class ResponseReader
{
    /// <summary>The header some servers carry the correlation id in, used when the error body has none.</summary>
    internal const string CorrelationIdHeader = "X-Correlation-Id";

    /// <summary>Reads a success response's JSON body, or throws for an error or an unreadable body.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        await ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (body.Length == 0)
        {
            throw Unexpected(response, body, $"The server answered {(int)response.StatusCode} with an empty body where a {typeof(T).Name} was expected.");
        }

        if (!IsJson(contentType))
        {
            throw Unexpected(response, body, $"The server answered {(int)response.StatusCode} with '{contentType}' where a JSON {typeof(T).Name} was expected.");
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw Unexpected(response, body, $"The server answered {(int)response.StatusCode} with null where a {typeof(T).Name} was expected.");
        }
        catch (JsonException ex)
        {
            throw Unexpected(response, body, $"The server's {(int)response.StatusCode} response is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Throws <see cref="SwitchboardApiException"/> or <see cref="SwitchboardUnexpectedResponseException"/> unless the status is 2XX.</summary>
    public static async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (body.Length > 0 && IsJson(response.Content.Headers.ContentType?.MediaType))
        {
            ErrorMessage? error = null;
            try
            {
                error = JsonSerializer.Deserialize(body, SwitchboardJsonContext.Default.ErrorMessage);
            }
            catch (JsonException)
            {
                // Not an ErrorMessage: reported below with the raw body.
            }

            // Any JSON object deserializes; only one that says something is an ErrorMessage.
            if (error is not null && (error.Error is not null || error.StatusCode is not null))
            {
                throw new SwitchboardApiException(status, error, response, HeaderCorrelationId(response));
            }
        }

        throw Unexpected(response, body, $"The server answered {status} {response.ReasonPhrase} without an error message body.");
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is null
        || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static string? HeaderCorrelationId(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CorrelationIdHeader, out var values) ? values.FirstOrDefault() : null;

    private static SwitchboardUnexpectedResponseException Unexpected(HttpResponseMessage response, string body, string message, Exception? inner = null) =>
        new(message, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, response, inner);
}
