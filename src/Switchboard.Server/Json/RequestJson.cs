using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Json;

/// <summary>
/// Reads request bodies so that every way a body can be wrong answers a 400 that says what was wrong,
/// in words a caller can act on, without the server's type names.
/// </summary>
internal static class RequestJson
{
    public static async Task<T> ReadJsonAsync<T>(this HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw ApiException.BadRequest(Describe(exception));
        }

        return value ?? throw ApiException.BadRequest("A JSON object request body is required.");
    }

    internal static string Describe(JsonException exception)
    {
        var where = $"line {(exception.LineNumber ?? 0) + 1}, position {(exception.BytePositionInLine ?? 0) + 1}";
        var path = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? null : exception.Path;
        if (exception.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"The request body is nested too deeply (more than {JsonLimits.MaxDepth} levels).";
        }

        if (exception.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return path is null
                ? $"The request body has the wrong shape at {where}: expected a JSON object."
                : $"The request body field '{path[2..]}' has the wrong type ({where}).";
        }

        if (exception.Message.Contains("input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "A JSON object request body is required.";
        }

        return $"The request body is not valid JSON ({where}).";
    }
}
