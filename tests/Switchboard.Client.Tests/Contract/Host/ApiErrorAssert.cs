using Switchboard.Client.Models;

namespace Switchboard.Client.Tests.Contract.Host;

/// <summary>
/// Checks an error as the client surfaces it: a <see cref="SwitchboardApiException"/> whose status, <c>ErrorMessage</c>
/// body and correlation id agree with each other and with the server's <c>X-Correlation-Id</c> response header.
/// </summary>
public static class ApiErrorAssert
{
    /// <summary>Runs <paramref name="call"/>, which must fail with <paramref name="statusCode"/> and exactly <paramref name="error"/>.</summary>
    public static async Task<SwitchboardApiException> ThrowsAsync(int statusCode, string error, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<SwitchboardApiException>(call);
        Matches(exception, statusCode, error);
        return exception;
    }

    public static void Matches(SwitchboardApiException exception, int statusCode, string error)
    {
        Assert.Equal(statusCode, exception.StatusCode);
        var body = exception.ErrorMessage;
        Assert.NotNull(body);
        Assert.Equal(error, body.Error);
        Assert.Equal(statusCode, body.StatusCode);
        Assert.Equal("PublicApi", body.Service);
        Assert.Equal(statusCode is 429 or 503 ? "True" : "False", body.CanBeRetried);
        Assert.Equal(0, body.DetailedErrorCode);

        Assert.NotNull(exception.RawResponse);
        Assert.Equal(statusCode, (int)exception.RawResponse.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(exception.CorrelationId));
        var header = Assert.Single(exception.RawResponse.Headers.GetValues(ContractServer.CorrelationIdHeader));
        Assert.Equal(header, exception.CorrelationId);
        Assert.Equal(header, body.CorrelationId);
        Assert.StartsWith($"Switchboard API error {statusCode}: {error}", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(correlation id {header})", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>The error's one validation item: the field it names, its message and its validator.</summary>
    public static ErrorValidationItem SingleValidationError(SwitchboardApiException exception, string itemId, string message, string validatorName)
    {
        var item = Assert.Single(exception.ErrorMessage?.Validation?.Errors ?? []);
        Assert.Equal(itemId, item.ItemId);
        Assert.Equal(message, item.Message);
        Assert.Equal(validatorName, item.ValidatorName);
        Assert.Empty(exception.ErrorMessage!.Validation!.Warnings ?? []);
        return item;
    }

    /// <summary>An error without field details has no <c>validation</c> at all.</summary>
    public static void NoValidation(SwitchboardApiException exception) => Assert.Null(exception.ErrorMessage?.Validation);
}
