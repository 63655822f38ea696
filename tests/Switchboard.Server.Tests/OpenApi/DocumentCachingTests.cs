using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is generated once, on its first request, and then served as the same bytes with an
/// <c>ETag</c>; a client that sends it back in <c>If-None-Match</c> gets 304 and no body.
/// </summary>
public sealed class DocumentCachingTests : IAsyncLifetime
{
    private int _generated;
    private SwitchboardTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SwitchboardTestServer.StartAsync(configure: builder =>
        builder.Services.Configure<OpenApiOptions>(ApiDocument.DocumentName, options => options.AddDocumentTransformer((_, _, _) =>
        {
            Interlocked.Increment(ref _generated);
            return Task.CompletedTask;
        })));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Document_IsGeneratedOnce_AndServedAsTheSameBytesWithAnETag()
    {
        using var anonymous = _server.CreateClient(apiKey: null);
        var cancellation = TestContext.Current.CancellationToken;

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await anonymous.GetAsync(ApiDocument.Path, cancellation));
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(1, Volatile.Read(ref _generated));
        var first = await answers[0].Content.ReadAsByteArrayAsync(cancellation);
        Assert.NotEmpty(first);
        foreach (var answer in answers.Skip(1))
        {
            Assert.Equal(first, await answer.Content.ReadAsByteArrayAsync(cancellation));
            Assert.Equal(answers[0].Headers.ETag, answer.Headers.ETag);
            Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        }

        Assert.NotNull(answers[0].Headers.ETag);
        // Each answer keeps its own correlation id: only the body is kept, not the first request's headers.
        Assert.Equal(answers.Count, answers.Select(answer => answer.Headers.GetValues("X-Correlation-Id").Single()).Distinct().Count());
    }

    [Fact]
    public async Task The_First_Callers_Host_Is_Not_Written_Into_The_Document_Everyone_Is_Served()
    {
        using var anonymous = _server.CreateClient(apiKey: null);
        var cancellation = TestContext.Current.CancellationToken;

        using var forged = new HttpRequestMessage(HttpMethod.Get, ApiDocument.Path);
        forged.Headers.Host = "attacker.example";
        var first = await anonymous.SendAsync(forged, cancellation);
        var later = await anonymous.GetAsync(ApiDocument.Path, cancellation);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        foreach (var answer in new[] { first, later })
        {
            var body = await answer.Content.ReadAsStringAsync(cancellation);
            Assert.Contains("\"/companies\"", body);
            Assert.DoesNotContain("attacker.example", body);
            using var document = JsonDocument.Parse(body);
            var server = Assert.Single(document.RootElement.GetProperty("servers").EnumerateArray());
            Assert.Equal("/", server.GetProperty("url").GetString());
        }
    }

    [Fact]
    public async Task IfNoneMatch_WithTheDocumentsETag_Answers304WithoutABody_AndAnotherETagGetsTheDocument()
    {
        using var anonymous = _server.CreateClient(apiKey: null);
        var cancellation = TestContext.Current.CancellationToken;
        var etag = (await anonymous.GetAsync(ApiDocument.Path, cancellation)).Headers.ETag!;

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, ApiDocument.Path);
        unchanged.Headers.IfNoneMatch.Add(etag);
        var notModified = await anonymous.SendAsync(unchanged, cancellation);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(cancellation));
        Assert.Equal(etag, notModified.Headers.ETag);

        // A list of tags, the document's among them, weakly compared; and "*".
        foreach (var tags in new[] { $"\"an-older-document\", W/{etag.Tag}", "*" })
        {
            using var listed = new HttpRequestMessage(HttpMethod.Get, ApiDocument.Path);
            listed.Headers.TryAddWithoutValidation("If-None-Match", tags);
            Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(listed, cancellation)).StatusCode);
        }

        using var stale = new HttpRequestMessage(HttpMethod.Get, ApiDocument.Path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-older-document\""));
        var document = await anonymous.SendAsync(stale, cancellation);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.NotEmpty(await document.Content.ReadAsByteArrayAsync(cancellation));
    }
}
