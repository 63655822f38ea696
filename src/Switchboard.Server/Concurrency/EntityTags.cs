using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Concurrency;

/// <summary>
/// Strong ETags made from a row's version, and the <c>If-Match</c> precondition that compares them.
/// <c>If-Match</c> is optional: without it, a change still applies atomically to whatever is current.
/// </summary>
internal static class EntityTags
{
    public static string Format(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    public static void SetETag(this HttpResponse response, long version) => response.Headers.ETag = Format(version);

    /// <summary>
    /// The versions the client will accept, or null when any is fine (no header, or <c>*</c>).
    /// A weak tag never matches (If-Match compares strongly), so it is kept as an impossible version.
    /// </summary>
    public static IReadOnlyList<long>? IfMatch(this HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count == 0)
        {
            throw ApiException.InvalidField("If-Match", "If-Match must be * or a list of quoted entity tags, such as \"3\".");
        }

        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return null;
        }

        return [.. tags.Select(t => !t.IsWeak && long.TryParse(t.Tag.AsSpan(1, t.Tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)];
    }

    public static ApiException Mismatch() =>
        ApiException.PreconditionFailed("The resource has changed since you read it (If-Match did not match its ETag). Read it again and retry.");
}
