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
        // Bodies are small (Kestrel answers 413 past the limit), and reading them whole lets a failure be
        // classified by reading them again.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        return Deserialize(body.GetBuffer().AsSpan(0, (int)body.Length), typeInfo);
    }

    /// <summary>The body as <typeparamref name="T"/>, or a 400 <see cref="ApiException"/> that says what is wrong with it.</summary>
    internal static T Deserialize<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException exception)
        {
            throw ApiException.BadRequest(JsonBodyError.Classify(body, exception).Message);
        }

        return value ?? throw ApiException.BadRequest(JsonBodyError.NoBody.Message);
    }
}
