using System.Net;
using System.Text.Json;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Infrastructure;

namespace Switchboard.Client.Tests;

public class ErrorMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GetConnectionRequest GetRequest => new() { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId };

    [Fact]
    public async Task ErrorWithErrorMessageBody_ThrowsApiExceptionWithTheBody()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.NotFound, Payloads.Error(404, "Connection not found.", "corr-123"));

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal(404, error.StatusCode);
        Assert.NotNull(error.ErrorMessage);
        Assert.Equal(404, error.ErrorMessage.StatusCode);
        Assert.Equal("PublicApi", error.ErrorMessage.Service);
        Assert.Equal("Connection not found.", error.ErrorMessage.Error);
        Assert.Equal("False", error.ErrorMessage.CanBeRetried);
        Assert.Equal(0, error.ErrorMessage.DetailedErrorCode);
        Assert.Equal("corr-123", error.CorrelationId);
        Assert.NotNull(error.RawResponse);
        Assert.Equal(HttpStatusCode.NotFound, error.RawResponse.StatusCode);
        Assert.Equal("Switchboard API error 404: Connection not found. (correlation id corr-123)", error.Message);
        Assert.IsAssignableFrom<SwitchboardException>(error);
    }

    [Fact]
    public async Task ValidationErrors_AreReadAndNamedInTheMessage()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.BadRequest, """
            {
              "statusCode": 400,
              "service": "PublicApi",
              "error": "The request is invalid.",
              "correlationId": "c-1",
              "validation": {
                "errors": [ { "itemId": "name", "message": "Name is required.", "validatorName": "required" } ],
                "warnings": []
              },
              "canBeRetried": "False",
              "detailedErrorCode": 0
            }
            """);

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(t.Client.Companies.CreateAsync(new() { Name = "" }, cancellationToken: Ct)));

        var item = Assert.Single(error.ErrorMessage!.Validation!.Errors!);
        Assert.Equal("name", item.ItemId);
        Assert.Equal("Name is required.", item.Message);
        Assert.Equal("required", item.ValidatorName);
        Assert.Empty(error.ErrorMessage.Validation.Warnings!);
        Assert.Contains("[name: Name is required.]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorrelationIdHeader_IsUsedWhenTheBodyHasNone()
    {
        using var t = new TestClient();
        t.Handler.Respond(
            HttpStatusCode.Conflict,
            """{"statusCode":409,"error":"Only a Linked connection can be unlinked."}""",
            r => r.Headers.Add("X-Correlation-Id", "from-header"));

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(t.Client.Connections.UnlinkAsync(
            new UnlinkConnectionRequest { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId }, cancellationToken: Ct)));

        Assert.Equal("from-header", error.CorrelationId);
        Assert.Equal(409, error.StatusCode);
    }

    [Fact]
    public async Task ErrorWithHtmlBody_ThrowsUnexpectedResponseKeepingTheBody()
    {
        using var t = new TestClient(o => o.RetryConfig = RetryConfig.None);
        t.Handler.RespondText(HttpStatusCode.BadGateway, "<html><body>Bad gateway</body></html>", "text/html");

        var error = await Assert.ThrowsAsync<SwitchboardUnexpectedResponseException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal(502, error.StatusCode);
        Assert.Equal("<html><body>Bad gateway</body></html>", error.Body);
        Assert.StartsWith("text/html", error.ContentType, StringComparison.Ordinal);
        Assert.NotNull(error.RawResponse);
        Assert.IsAssignableFrom<SwitchboardException>(error);
    }

    [Fact]
    public async Task ErrorWithJsonOfAnotherShape_ThrowsUnexpectedResponse()
    {
        using var t = new TestClient();
        const string problem = """{"type":"about:blank","title":"Bad Request","status":400}""";
        t.Handler.Respond(HttpStatusCode.BadRequest, problem);

        var error = await Assert.ThrowsAsync<SwitchboardUnexpectedResponseException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(problem, error.Body);
    }

    [Fact]
    public async Task ErrorWithoutBody_ThrowsUnexpectedResponse()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.Unauthorized);

        var error = await Assert.ThrowsAsync<SwitchboardUnexpectedResponseException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(string.Empty, error.Body);
    }

    [Fact]
    public async Task SuccessWithNonJsonBody_ThrowsUnexpectedResponseKeepingTheBody()
    {
        using var t = new TestClient();
        t.Handler.RespondText(HttpStatusCode.OK, "hello", "text/plain");

        var error = await Assert.ThrowsAsync<SwitchboardUnexpectedResponseException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("hello", error.Body);
    }

    [Fact]
    public async Task SuccessWithJsonOfTheWrongShape_ThrowsUnexpectedResponseWithTheParseError()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, "[1, 2, 3]");

        var error = await Assert.ThrowsAsync<SwitchboardUnexpectedResponseException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal("[1, 2, 3]", error.Body);
        Assert.IsType<JsonException>(error.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task SuccessWithTruncatedJson_ThrowsUnexpectedResponse()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, """{"id": "abc", "status": """);

        var error = await Assert.ThrowsAsync<SwitchboardUnexpectedResponseException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal("""{"id": "abc", "status": """, error.Body);
    }

    [Fact]
    public async Task SuccessWithEmptyBody_ThrowsUnexpectedResponse()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK);

        var error = await Assert.ThrowsAsync<SwitchboardUnexpectedResponseException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Contains("empty body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorAfterRetriesRunOut_IsTheLastResponsesError()
    {
        using var t = new TestClient(o => o.RetryConfig = new RetryConfig { Backoff = new BackoffStrategy { MaxElapsedTime = TimeSpan.Zero } });
        t.Handler.Respond(HttpStatusCode.ServiceUnavailable, Payloads.Error(503, "Service unavailable."));

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("Service unavailable.", error.ErrorMessage!.Error);
    }
}
