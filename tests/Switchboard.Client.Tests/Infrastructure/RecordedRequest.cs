using System.Net.Http.Headers;

namespace Switchboard.Client.Tests.Infrastructure;

/// <summary>
/// What the fake handler saw of one request, copied before the client disposes it.
/// </summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    string? ContentType,
    DateTimeOffset SentAt)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    internal static async Task<RecordedRequest> CopyAsync(HttpRequestMessage request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Copy(request.Headers, headers);
        string? body = null;
        if (request.Content is not null)
        {
            Copy(request.Content.Headers, headers);
            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        return new RecordedRequest(request.Method, request.RequestUri!, headers, body, request.Content?.Headers.ContentType?.MediaType, now);
    }

    private static void Copy(HttpHeaders from, Dictionary<string, string> to)
    {
        foreach (var header in from.NonValidated)
        {
            to[header.Key] = string.Join(", ", header.Value);
        }
    }
}
