using System.Text.Json;
using System.Text.Unicode;

namespace Switchboard.Server.Json;

/// <summary>
/// Why a request body could not be read, classified from the <see cref="JsonException"/>'s own data (its reader
/// exception, path, line and byte position) and from reading the body again; never from the exception's message,
/// whose text changes between .NET versions.
/// </summary>
/// <param name="Problem">The kind of problem.</param>
/// <param name="Line">The 1-based line of the problem.</param>
/// <param name="Position">The 1-based byte position in that line.</param>
/// <param name="Field">The path of the field with the wrong type, e.g. <c>tags.region</c>; null for other problems.</param>
internal sealed record JsonBodyError(JsonBodyProblem Problem, long Line, long Position, string? Field = null)
{
    /// <summary>The 400 message: what was wrong, in words a caller can act on, without the server's type names.</summary>
    public string Message => Problem switch
    {
        JsonBodyProblem.Missing => "A JSON object request body is required.",
        JsonBodyProblem.NotUtf8 => "The request body is not valid UTF-8 text.",
        JsonBodyProblem.TooDeep => $"The request body is nested too deeply (more than {JsonLimits.MaxDepth} levels).",
        JsonBodyProblem.Truncated => $"The request body is not valid JSON ({Where}): it ends before the JSON value does.",
        JsonBodyProblem.TrailingData => $"The request body is not valid JSON ({Where}): there is more after the JSON value.",
        JsonBodyProblem.NotAnObject => $"The request body has the wrong shape at {Where}: expected a JSON object.",
        JsonBodyProblem.WrongType => $"The request body field '{Field}' has the wrong type ({Where}).",
        _ => $"The request body is not valid JSON ({Where}).",
    };

    /// <summary>No body at all, or <c>null</c>.</summary>
    public static JsonBodyError NoBody { get; } = new(JsonBodyProblem.Missing, 1, 1);

    private string Where => $"line {Line}, position {Position}";

    /// <summary>Classifies why <paramref name="body"/> failed to deserialize with <paramref name="exception"/>.</summary>
    public static JsonBodyError Classify(ReadOnlySpan<byte> body, JsonException exception)
    {
        var line = (exception.LineNumber ?? 0) + 1;
        var position = (exception.BytePositionInLine ?? 0) + 1;
        if (!Utf8.IsValid(body))
        {
            return new(JsonBodyProblem.NotUtf8, line, position);
        }

        // The reader's own exceptions (an internal subclass of JsonException) are wrapped by the serializer; any
        // other failure is the serializer's: a well-formed value it could not convert at the exception's path.
        if (exception.InnerException is not JsonException)
        {
            var field = FieldOf(exception.Path);
            return field is null
                ? new(JsonBodyProblem.NotAnObject, line, position)
                : new(JsonBodyProblem.WrongType, line, position, field);
        }

        return new(Syntax(body, Offset(body, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0)), line, position);
    }

    /// <summary>Which syntax problem the reader stopped at <paramref name="failedAt"/> (a byte offset) for.</summary>
    private static JsonBodyProblem Syntax(ReadOnlySpan<byte> body, long failedAt)
    {
        var content = body.TrimEnd(" \t\r\n"u8).Length;
        if (content == 0)
        {
            return JsonBodyProblem.Missing;
        }

        // One more level than the limit, so that reading on shows where the limit was passed.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = JsonLimits.MaxDepth + 1 });
        var complete = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= JsonLimits.MaxDepth)
                {
                    return JsonBodyProblem.TooDeep;
                }

                complete = reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray);
            }
        }
        catch (JsonException)
        {
            // The reader found what the serializer's reader found; where it stopped says which problem it is.
        }

        return complete ? JsonBodyProblem.TrailingData
            : failedAt >= content ? JsonBodyProblem.Truncated
            : JsonBodyProblem.InvalidSyntax;
    }

    /// <summary>The byte offset of a 0-based line (counted in line feeds, as the reader does) and byte in it.</summary>
    private static long Offset(ReadOnlySpan<byte> body, long line, long byteInLine)
    {
        var start = 0;
        for (var i = 0L; i < line; i++)
        {
            var next = body[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return body.Length;
            }

            start += next + 1;
        }

        return start + byteInLine;
    }

    /// <summary>The field of a JSON path, e.g. <c>tags.region</c> for <c>$.tags.region</c>; null for the root.</summary>
    private static string? FieldOf(string? path) => path switch
    {
        null or "" or "$" => null,
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => path.TrimStart('$'),
    };
}
