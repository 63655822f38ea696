namespace Switchboard.Server.Json;

/// <summary>What is wrong with a request body that could not be read as its wire type.</summary>
internal enum JsonBodyProblem
{
    /// <summary>Nothing but white space (or <c>null</c>, found after reading).</summary>
    Missing,

    /// <summary>Bytes that are not UTF-8 text.</summary>
    NotUtf8,

    /// <summary>JSON syntax broken before the end of the body.</summary>
    InvalidSyntax,

    /// <summary>The body ends before its JSON value does (an open object, array, string or literal).</summary>
    Truncated,

    /// <summary>More after a complete JSON value.</summary>
    TrailingData,

    /// <summary>Objects and arrays nested deeper than <see cref="JsonLimits.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>Well-formed JSON, but not an object.</summary>
    NotAnObject,

    /// <summary>Well-formed JSON with a field whose value has the wrong type.</summary>
    WrongType,
}
