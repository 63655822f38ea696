using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// Tests that read the OpenTelemetry SDK's metrics run alone: the SDK listens to meters by name across the process, so
/// another test's server (its own <c>Switchboard</c> and ASP.NET Core meters) starting or stopping meanwhile would add
/// to or end the same metric streams. One server per process, as in production, has no such neighbours.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (alone)";
}
