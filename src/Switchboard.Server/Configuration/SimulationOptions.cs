using Microsoft.Extensions.Hosting;

namespace Switchboard.Server.Configuration;

/// <summary>The <c>/simulate/…</c> endpoints, which act as a platform would (for testing applications).</summary>
public sealed class SimulationOptions
{
    /// <summary>Whether they are served; unset: in Development only, so a production server never plays a platform.</summary>
    public bool? Enabled { get; set; }

    public bool IsEnabled(IHostEnvironment environment) => Enabled ?? environment.IsDevelopment();
}
