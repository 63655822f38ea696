using Microsoft.Extensions.Hosting;

namespace Switchboard.Server.Configuration;

/// <summary>The API reference UI at <c>/docs</c> (the OpenAPI document itself is always served).</summary>
public sealed class DocsOptions
{
    /// <summary>Whether <c>/docs</c> is served; unset: in Development only.</summary>
    public bool? Enabled { get; set; }

    public bool IsEnabled(IHostEnvironment environment) => Enabled ?? environment.IsDevelopment();
}
