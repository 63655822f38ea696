using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Fuzzing;

/// <summary>
/// Generated hostile requests on every route: random ids, bodies, content types, query strings and methods. Whatever
/// arrives, the answer is a 2xx or 4xx, never a 5xx; no body shows a stack trace, an exception type or the server's
/// namespaces; every error body is an ErrorMessage whose correlationId is the response's X-Correlation-Id.
/// </summary>
public sealed class RandomRequestTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const int Cases = 300;
    private const string Company = "{c}";
    private const string Connection = "{k}";

    private static readonly (string Method, string Template, string? Body)[] IdRoutes =
    [
        ("GET", "/companies/{c}", null),
        ("PUT", "/companies/{c}", """{"name":"Random"}"""),
        ("PATCH", "/companies/{c}", """{"description":"random"}"""),
        ("DELETE", "/companies/{c}", null),
        ("GET", "/companies/{c}/connections", null),
        ("POST", "/companies/{c}/connections", """{"platformKey":"gbol"}"""),
        ("GET", "/companies/{c}/connections/{k}", null),
        ("PATCH", "/companies/{c}/connections/{k}", """{"status":"Unlinked"}"""),
        ("DELETE", "/companies/{c}/connections/{k}", null),
        ("PUT", "/companies/{c}/connections/{k}/authorization", """{"accessToken":"a","refreshToken":"r"}"""),
        ("DELETE", "/apiKeys/{c}", null),
        ("GET", "/integrations/{c}", null),
        ("GET", "/integrations/{c}/branding", null),
        ("GET", "/link/companies/{c}/connections/{k}/start", null),
        ("POST", "/link/companies/{c}/connections/{k}/start", "accessToken=a&refreshToken=r"),
        ("GET", "/link/logos/{c}.svg", null),
    ];

    private static readonly (string Method, string Template)[] BodyRoutes =
    [
        ("POST", "/companies"),
        ("PUT", "/companies/{c}"),
        ("PATCH", "/companies/{c}"),
        ("POST", "/companies/{c}/connections"),
        ("PATCH", "/companies/{c}/connections/{k}"),
        ("PUT", "/companies/{c}/connections/{k}/authorization"),
        ("POST", "/apiKeys"),
    ];

    private static readonly string[] Lists = ["/companies", "/companies/{c}/connections", "/integrations", "/apiKeys"];

    private static readonly Gen<string> Methods = Gen.OneOfConst("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get");

    private static readonly Gen<string?> IfMatches = Gen.Frequency(
        (6, Gen.Const((string?)null)),
        (1, Gen.OneOfConst<string?>("*", "\"1\"", "W/\"1\"", "\"\"", "\"-1\"", "\"99999999999999999999\"", "1", "\"1\", *", "\"a\"", ",", "W/", "\"1")),
        (1, Gen.Char[' ', '~'].Array[0, 30].Select(c => (string?)new string(c))));

    private static readonly Gen<string?> IdempotencyKeys = Gen.Frequency(
        (3, Gen.Const((string?)null)),
        (2, Gen.Guid.Select(g => (string?)g.ToString())),
        (1, Gen.OneOfConst<string?>(string.Empty, "x", "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}")));

    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task EveryRoute_WithRandomIdsMethodsAndIfMatch_AnswersWithoutServerErrorsOrInternals()
    {
        var tenant = await _server.NewTenantAsync();
        var (companyId, _) = await tenant.Client.CreateLinkedConnectionAsync();
        var methods = Gen.Frequency((3, Gen.Const((string?)null)), (1, Methods.Select(m => (string?)m)));

        await Gen.Select(Gen.Int[0, IdRoutes.Length - 1], RandomRequests.Ids, RandomRequests.Ids, methods, IfMatches, Gen.Bool).SampleAsync(
            async (index, first, second, otherMethod, ifMatch, realCompany) =>
            {
                var (routeMethod, template, body) = IdRoutes[index];
                var method = otherMethod ?? routeMethod;
                // The real company with a random connection id; never on a DELETE, so the company stays for the next case.
                var company = realCompany && method != "DELETE" ? companyId : first;
                using var request = NewRequest(method, template, company, second, body is null ? null : Encoding.UTF8.GetBytes(body), template.StartsWith("/link", StringComparison.Ordinal) ? "application/x-www-form-urlencoded" : "application/json");
                if (ifMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
                }

                await SendAndCheckAsync(tenant.Client, request);
            },
            iter: Cases);
    }

    [Fact]
    public async Task EveryBodyRoute_WithRandomBodiesAndContentTypes_AnswersWithoutServerErrorsOrInternals()
    {
        var tenant = await _server.NewTenantAsync();
        var (companyId, connectionId) = await tenant.Client.CreateLinkedConnectionAsync();

        await Gen.Select(Gen.Int[0, BodyRoutes.Length - 1], RandomRequests.Bodies, RandomRequests.ContentTypes, IdempotencyKeys).SampleAsync(
            async (index, body, contentType, idempotencyKey) =>
            {
                var (method, template) = BodyRoutes[index];
                using var request = NewRequest(method, template, companyId, connectionId, body, contentType);
                if (idempotencyKey is not null)
                {
                    request.Headers.TryAddWithoutValidation(Requests.IdempotencyKey, idempotencyKey);
                }

                await SendAndCheckAsync(tenant.Client, request);
            },
            iter: Cases);
    }

    [Fact]
    public async Task LinkSubmit_WithRandomBodiesAndContentTypes_AnswersWithoutServerErrorsOrInternals()
    {
        // A PendingAuth connection and its genuine link, so the bodies reach the form reader (a body that links it
        // leaves the rest answering "already connected").
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var connection = await _server.Client.CreateConnectionAsync(companyId, "gbol");
        var query = connection["linkUrl"].Str()[connection["linkUrl"].Str().IndexOf('?', StringComparison.Ordinal)..];
        using var anonymous = _server.CreateClient(apiKey: null);

        await Gen.Select(RandomRequests.Bodies, RandomRequests.ContentTypes).SampleAsync(
            async (body, contentType) =>
            {
                using var request = NewRequest("POST", "/link/companies/{c}/connections/{k}/start" + query, companyId, connection.Id(), body, contentType);
                await SendAndCheckAsync(anonymous, request);
            },
            iter: Cases);
    }

    [Fact]
    public async Task EveryList_WithRandomQueryStrings_AnswersWithoutServerErrorsOrInternals()
    {
        var tenant = await _server.NewTenantAsync();
        var (companyId, _) = await tenant.Client.CreateLinkedConnectionAsync();
        var value = Gen.Frequency((1, Gen.Const((string?)null)), (2, RandomRequests.QueryValues.Select(v => (string?)v)));
        var extra = Gen.Frequency(
            (2, Gen.Const((string?)null)),
            (1, Gen.Select(Gen.OneOfConst("page", "pageSize", "query", "orderBy", "PAGE", "tags", "page[]", "$filter", string.Empty), RandomRequests.QueryValues, (n, v) => (string?)$"{n}={Escape(v)}")));

        await Gen.Select(Gen.Int[0, Lists.Length - 1], value, value, value, value, extra, Gen.Bool).SampleAsync(
            async (index, page, pageSize, query, orderBy, more, raw) =>
            {
                var parameters = new[] { ("page", page), ("pageSize", pageSize), ("query", query), ("orderBy", orderBy) }
                    .Where(p => p.Item2 is not null)
                    .Select(p => $"{p.Item1}={(raw ? p.Item2 : Escape(p.Item2!))}")
                    .Append(more)
                    .Where(p => p is not null);
                using var request = NewRequest("GET", Lists[index] + "?" + string.Join('&', parameters), companyId, string.Empty, null, null);

                await SendAndCheckAsync(tenant.Client, request);
            },
            iter: Cases);
    }

    [Fact]
    public async Task AnUnknownOrMalformedRouteOfAnyLength_AnswersWithoutServerErrorsOrInternals()
    {
        var tenant = await _server.NewTenantAsync();
        var paths = Gen.OneOf(
            RandomRequests.Ids.Select(id => "/" + id),
            RandomRequests.Ids.Select(id => "/companies/" + id + "/" + id + "/" + id),
            Gen.OneOfConst("/", "//", "/companies/", "/companies//connections", "/COMPANIES", "/companies/%2e%2e/apiKeys", "/apiKeys/", "/integrations/%00", "/link/", "/link/logos/.svg"));

        await Gen.Select(Methods, paths).SampleAsync(
            async (method, path) =>
            {
                using var request = NewRequest(method, path, string.Empty, string.Empty, null, null);
                await SendAndCheckAsync(tenant.Client, request);
            },
            iter: Cases);
    }

    /// <summary>
    /// A request to the template with the ids put in as raw as HttpClient takes them: escaped only when the raw text
    /// does not make a URI.
    /// </summary>
    private HttpRequestMessage NewRequest(string method, string template, string company, string connection, byte[]? body, string? contentType)
    {
        var origin = _server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var raw = template.Replace(Company, company, StringComparison.Ordinal).Replace(Connection, connection, StringComparison.Ordinal);
        if (!Uri.TryCreate(origin + raw, UriKind.Absolute, out var uri) || uri.Authority != _server.BaseAddress.Authority)
        {
            var escaped = template.Replace(Company, Escape(company), StringComparison.Ordinal).Replace(Connection, Escape(connection), StringComparison.Ordinal);
            uri = new Uri(origin + escaped, UriKind.Absolute);
        }

        var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        return request;
    }

    private async Task SendAndCheckAsync(HttpClient client, HttpRequestMessage request)
    {
        var described = $"{request.Method} {request.RequestUri?.PathAndQuery}";
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request);
        }
        catch (HttpRequestException exception)
        {
            // Seen once in a clean run and never reproduced with its seed: the client got no answer. Kestrel logs why it
            // dropped a connection (at Debug), so the next occurrence says whether the server or the client ended it.
            var kestrel = _server.Logs.Lines.Where(l => l.Contains("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal)).TakeLast(20);
            throw new HttpRequestException(
                $"{described} ({request.Content?.Headers.ContentLength} bytes, {request.Content?.Headers.ContentType?.ToString() ?? "no content type"}) got no answer. Kestrel's last entries:\n{string.Join('\n', kestrel)}",
                exception);
        }

        using var response = sent;
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 200 and < 500, $"{described} answered {status}: {text}{ServerLogFor(response)}");
        foreach (var internals in new[] { "   at ", "Exception", "Switchboard.Server" })
        {
            Assert.False(text.Contains(internals, StringComparison.Ordinal), $"{described} answered {status} showing '{internals}': {text}");
        }

        var correlationId = response.Headers.TryGetValues("X-Correlation-Id", out var values) ? Assert.Single(values) : null;
        if (correlationId is null && status is 400 or 414 or 431 && text.Length == 0)
        {
            // Kestrel refuses some request lines (a NUL in the decoded path, a target over 8 KiB) before any
            // middleware runs; the application cannot shape that answer. All that reaches it is checked below.
            return;
        }

        Assert.False(string.IsNullOrEmpty(correlationId), $"{described} answered {status} without X-Correlation-Id.");
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status < 400 || mediaType == "text/html" || request.Method == HttpMethod.Head)
        {
            return;
        }

        Assert.True(mediaType == "application/json", $"{described} answered {status} with a {mediaType ?? "missing"} content type: {text}");
        using var error = JsonDocument.Parse(text);
        Assert.Equal(status, error.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal(correlationId, error.RootElement.GetProperty("correlationId").GetString());
    }

    /// <summary>What the server logged about a response (by its correlation id), so a rare failure explains itself.</summary>
    private string ServerLogFor(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Correlation-Id", out var values) && values.FirstOrDefault() is { Length: > 0 } correlationId
            ? "\nThe server logged: " + string.Join('\n', _server.Logs.Lines.Where(l => l.Contains(correlationId, StringComparison.Ordinal)))
            : string.Empty;

    /// <summary>Percent-encodes any text, lone surrogates included (as U+FFFD, which is what they decode to anyway).</summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            builder.Append(pair ? text.AsSpan(i++, 2) : char.IsSurrogate(text[i]) ? "\ufffd" : text.AsSpan(i, 1));
        }

        return Uri.EscapeDataString(builder.ToString());
    }
}
