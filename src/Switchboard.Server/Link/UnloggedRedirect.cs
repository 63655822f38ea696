using Microsoft.AspNetCore.Http;

namespace Switchboard.Server.Link;

/// <summary>
/// A 302 that writes nothing to the log. ASP.NET Core's own redirect result logs its URL at Information, and the Link
/// pages' redirects carry secrets in theirs: a connection's link token, an OAuth state, a tenant's own placeholders.
/// </summary>
internal sealed class UnloggedRedirect(string location) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status302Found;
        httpContext.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
