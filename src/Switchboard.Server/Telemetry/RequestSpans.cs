using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The request's server span is ASP.NET Core's own activity (source <see cref="SourceName"/>), which .NET 10 tags with
/// OpenTelemetry's HTTP attributes when it starts (method, scheme, path, server address and port, user agent) once
/// <see cref="NativeAttributesSwitch"/> is off. What only the end of a request knows, set here from the middleware that
/// already wraps every request: the route (and the span's name, <c>{method} {route}</c>), the status code, and for a
/// 5xx the error status and <c>error.type</c>. This replaces the OpenTelemetry ASP.NET Core instrumentation package,
/// which reads the same facts through a <see cref="DiagnosticListener"/> subscription: two events and their payloads
/// on every request, a large part of what tracing cost per request. The query string is not recorded (the OAuth
/// callback's carries an authorization code). Health probes are not traced. With <paramref name="keptErrors"/> (Switchboard's
/// default sampler, <see cref="TraceBudget"/>), a request the sampler left out that answers an error (4xx or 5xx; not a
/// 429, which the rate limiter answers in floods and whose trace would say nothing, nor a 499, whose client left before
/// any body) is recorded after all while that budget has room: its own span without its children, so the
/// <c>correlationId</c> of an error a user reports finds its request.
/// </summary>
internal sealed class RequestSpans(TraceBudget.PerSecond? keptErrors)
{
    public const string SourceName = "Microsoft.AspNetCore";

    private static readonly ConditionalWeakTable<RouteEndpoint, SpanName> SpanNames = new();

    private static readonly object[] BoxedStatusCodes = Enumerable.Range(0, 600).Select(static code => (object)code).ToArray();

    /// <summary>ASP.NET Core 10's switch (on by default; off by default from .NET 11) that keeps the OpenTelemetry attributes off its activity.</summary>
    public const string NativeAttributesSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    /// <summary>
    /// The request's span when it is recorded, or may be if it answers an error; null when it is not (telemetry off, not
    /// sampled, or a probe, which is dropped here).
    /// </summary>
    public Activity? Start(HttpContext context, bool probe)
    {
        if (Activity.Current is not { Kind: ActivityKind.Server } span || span.Source.Name != SourceName)
        {
            return null;
        }

        if (!span.IsAllDataRequested)
        {
            return keptErrors is not null && !probe ? span : null;
        }

        if (probe)
        {
            // As if never sampled: not exported, and spans under it (the readiness check's query) are not recorded either.
            span.IsAllDataRequested = false;
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return null;
        }

        span.SetTag("network.protocol.version", ProtocolVersion(context.Request.Protocol));
        return span;
    }

    /// <summary>What the end of the request says about it; <paramref name="exception"/> is one that escaped the exception handler.</summary>
    public void Complete(Activity span, HttpContext context, Endpoint? endpoint, Exception? exception = null)
    {
        var status = exception is null ? context.Response.StatusCode : StatusCodes.Status500InternalServerError;
        if (!span.IsAllDataRequested)
        {
            if (status is < 400 or StatusCodes.Status429TooManyRequests or StatusCodes.Status499ClientClosedRequest || keptErrors?.TryTake() != true)
            {
                return;
            }

            // The SDK hands a span to its processors when it stops if IsAllDataRequested is set then, and its export
            // processors drop one without the Recorded flag. The processors see it end without having seen it start,
            // which the SDK's own (batch and simple export) do not need.
            span.IsAllDataRequested = true;
            span.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            span.SetTag("network.protocol.version", ProtocolVersion(context.Request.Protocol));
        }

        if (endpoint is RouteEndpoint { RoutePattern.RawText: { Length: > 0 } route } routeEndpoint)
        {
            span.DisplayName = Name(routeEndpoint, context.Request.Method, route);
            span.SetTag("http.route", route);
        }

        span.SetTag("http.response.status_code", (uint)status < BoxedStatusCodes.Length ? BoxedStatusCodes[status] : status);
        if (status >= 500)
        {
            // A server span's status is an error for a 5xx only (a 4xx is the caller's); error.type is the exception's type when one was handled.
            exception ??= context.Features.Get<IExceptionHandlerFeature>()?.Error;
            span.SetStatus(ActivityStatusCode.Error);
            span.SetTag("error.type", exception?.GetType().FullName ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The span's name, <c>{method} {route}</c>, made once per endpoint and method rather than on every request.</summary>
    private static string Name(RouteEndpoint endpoint, string method, string route)
    {
        if (SpanNames.TryGetValue(endpoint, out var name) && name.Method == method)
        {
            return name.Text;
        }

        name = new SpanName(method, $"{method} {route}");
        SpanNames.AddOrUpdate(endpoint, name);
        return name.Text;
    }

    private sealed record SpanName(string Method, string Text);

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => protocol,
    };
}
