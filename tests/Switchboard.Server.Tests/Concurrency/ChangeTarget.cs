using System.Net;

namespace Switchboard.Server.Tests.Concurrency;

/// <summary>
/// A change to try with <c>If-Match</c>: where the resource is read (<paramref name="Path"/>), the request that changes
/// it, what success looks like (<paramref name="Succeeds"/>, and <paramref name="Field"/> reading <paramref name="Expect"/>
/// afterwards), and how to change the resource in passing so that an earlier tag goes stale.
/// </summary>
internal sealed record ChangeTarget(
    string Path,
    string Method,
    string RequestPath,
    string? Body,
    HttpStatusCode Succeeds,
    string Field,
    string Expect,
    Func<Task> TouchAsync,
    string ConnectionId);
